import os; from flask.ext.cors import CORS
if os.environ.get("SENTRY_DSN"): from flask.ext.sentry import Sentry
try: from flask.ext.compress import Compress
except ImportError: Compress = None

cors = CORS()
