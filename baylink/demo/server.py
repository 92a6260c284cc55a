"""Running the WSGI app under gunicorn from inside the `baylink` command."""

from typing import Any

from gunicorn.app.base import BaseApplication


class BaylinkServer(BaseApplication):  # type: ignore[misc]  # gunicorn ships no type hints
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from baylink.wsgi import application

        return application


def server_options(*, bind: str, workers: int) -> dict[str, Any]:
    return {
        "bind": bind,
        "workers": workers,
        "worker_class": "gthread",
        "threads": 4,
        "accesslog": "-",
        "timeout": 60,
        # The finder's problem text travels in the address (results are links one can share):
        # 2,000 Chinese characters are 18,000 bytes percent-encoded, past gunicorn's 4,094-byte
        # default, which answered with a bare English error before the finder could say
        # "shorten it". 0 lifts the limit (gunicorn's maximum otherwise is 8,190); the finder
        # itself refuses text beyond its limit with a translated message.
        "limit_request_line": 0,
    }


def serve(*, bind: str, workers: int) -> None:
    BaylinkServer(server_options(bind=bind, workers=workers)).run()
