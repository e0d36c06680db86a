"""The clocks engine (DESIGN.md section 3): every due time is a Deadline row, one sweep
a minute sends each warning once. Apps open, move, meet and cancel deadlines through
core.clocks.services, in the transaction that changes their subject."""
