"""Venster's WSGI application for the browser tests, with its static files served.

gunicorn serves no static files under ``config.settings.dev`` (production has
WhiteNoise; ``make run`` has runserver): without this, Chromium would check
pages without their stylesheet, and contrast and focus styles would go untested.
"""

from django.contrib.staticfiles.handlers import StaticFilesHandler

from config.wsgi import application as venster

application = StaticFilesHandler(venster)
