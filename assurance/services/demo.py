"""The demo's assurance (load_demo's contributed step, core.demo_steps)."""

from __future__ import annotations


def demo_assurance(now=None) -> str:
    """The step; its console line."""
    return "Assurance: nothing yet."
