"""Forms of the cards pages, one module per subject: versions (a draft's sections, its
metrics as rows, the decisions on a version, the changelog, a change recorded on the
system) and registers (adding a model, registering a dataset, writing a datasheet).
They parse what a person typed; the services decide whether it may be saved. Import
from the module itself."""
