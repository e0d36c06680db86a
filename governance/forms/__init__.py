"""Forms of the governance board's pages: they parse what a person typed or picked; the
services decide whether it may be saved (and name the field of any refusal).

  risks          a risk's form, closing one, the CSV import
  sessions       opening a review session, its attendees, a board decision
  packs          the audit pack export form
  pack_verify    the pack verification upload
"""
