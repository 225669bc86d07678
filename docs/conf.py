# Sphinx configuration of the documentation site: `./dev.sh docs` writes the sources to _proc/docs (the notebooks of
# nbs/ with their committed outputs, an index with the generated results table, and the API reference) and builds
# them with MyST-NB into _docs/. The notebooks are never executed here (nb_execution_mode = "off").
project = 'ssl_repro'
author = 'ssl_repro contributors'
extensions = ['myst_nb', 'sphinx_copybutton']
myst_enable_extensions = ['dollarmath', 'amsmath', 'colon_fence']
myst_heading_anchors = 3
nb_execution_mode = 'off'
nb_merge_streams = True
html_theme = 'furo'
html_title = 'ssl_repro'
html_static_path = []
exclude_patterns = ['_build', '**.ipynb_checkpoints']
suppress_warnings = ['myst.header', 'myst.xref_missing', 'misc.highlighting_failure', 'mystnb.unknown_mime_type']
html_show_sourcelink = False
smartquotes = False                      # the site's numbers and names read exactly as in the notebooks and README
nb_render_markdown_format = 'myst'       # markdown outputs (the claims tables) are rendered with tables
