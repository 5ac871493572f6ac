"""A retrying decorator with exponential back-off (pydicom's ``data.retry``),
used around downloads."""

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any


def retry(
    exc: type[Exception] | tuple[type[Exception], ...],
    exc_msg: str | None = None,
    tries: int = 4,
    delay: int = 3,
    backoff: int = 2,
    logger: logging.Logger | None = None,
) -> Callable[[Callable[..., Any]], Any]:
    """Call the decorated function up to `tries` times while it raises `exc`,
    waiting `delay` seconds after the first failure and `backoff` times longer
    after each next one; each failure is reported (to `logger`, else printed)
    with `exc_msg` appended. The last try's exception propagates."""

    def decorate(func: Callable[..., Any]) -> Any:
        @wraps(func)
        def call(*args: Any, **kwargs: Any) -> Any:
            wait = delay
            for _ in range(tries - 1):
                try:
                    return func(*args, **kwargs)
                except exc as error:
                    message = f"{error}: retrying in {wait} seconds..."
                    if exc_msg:
                        message += f"  {exc_msg}"
                    if logger:
                        logger.warning(message)
                    else:
                        print(message)
                    time.sleep(wait)
                    wait *= backoff
            return func(*args, **kwargs)

        return call

    return decorate
