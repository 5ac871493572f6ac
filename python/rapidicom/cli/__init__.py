"""The command line (pydicom's ``cli`` package): ``cli.main`` runs the
``rapidicom`` command, with pydicom's subcommands (``show``, ``codify`` and
those other packages register for pydicom) and rapidicom's batch verbs
(``json``, ``convert``, ``index``, ``export``)."""
