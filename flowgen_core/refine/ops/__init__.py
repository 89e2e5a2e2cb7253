"""The offline editor's edit operations, one module per kind of change."""
