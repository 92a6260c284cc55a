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


def serve(*, bind: str, workers: int) -> None:
    BaylinkServer(
        {
            "bind": bind,
            "workers": workers,
            "worker_class": "gthread",
            "threads": 4,
            "accesslog": "-",
            "timeout": 60,
        }
    ).run()
