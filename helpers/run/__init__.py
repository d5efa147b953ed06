"""The run pipeline: everything that turns params and data into files on disk.

runner (one kommun-year), staging (write, then swap), leftovers (what dead runs
left), engine and kernels (warm IPC kernels under papermill), report (the report
project), render (Quarto or the built-in engine), manifest, batch (many
kommuner, locally or on Dask), workers (the local worker processes), dask_batch
and dask_jobs (a batch on a Dask cluster: the client, and the worker's checks), stopping
(SIGTERM and Ctrl-C) and publish (the index). Imports the
shared core and ``helpers.chapters``; the CLI sits on top.
"""
