from celery import Celery
from flask.ext.pymongo import PyMongo, ASCENDING
from flask.ext.socketio import SocketIO, emit

mongo = PyMongo()
socketio = SocketIO()


def make_celery(app):
    celery = Celery(app.import_name, broker=app.config["CELERY_BROKER_URL"])
    celery.conf.update(app.config)

    class ContextTask(celery.Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery.Task = ContextTask
    return celery


@socketio.on("ping")
def ping(data):
    mongo.db.pings.create_index([("at", ASCENDING)])
    emit("pong", data)
