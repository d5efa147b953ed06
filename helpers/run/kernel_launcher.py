"""Start an IPython kernel that opens no TCP port at all.

With IPC transport the kernel's channels are Unix sockets, but ipykernel also
binds a TCP port on 127.0.0.1 to collect output from forked subprocesses
(the IOPub pipe). The chapter notebooks never fork, so that pipe is switched
off here and the kernel listens on nothing another local user could reach.

Every kernel also loads ``helpers.run.notebook_errors``: our own errors show as
a short Swedish notice instead of a traceback.
"""

from __future__ import annotations

from ipykernel import iostream

_original_init = iostream.IOPubThread.__init__


def _init_without_pipe(self, socket, pipe=False, session=False):  # type: ignore[no-untyped-def]
    _original_init(self, socket, pipe=False, session=session)


iostream.IOPubThread.__init__ = _init_without_pipe  # type: ignore[method-assign]

if __name__ == "__main__":
    from ipykernel.kernelapp import launch_new_instance

    from helpers.run.notebook_errors import EXTENSION

    launch_new_instance(extra_extensions=[EXTENSION])
