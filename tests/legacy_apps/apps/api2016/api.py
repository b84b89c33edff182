"""files API, 2016: Flask-RESTful resources behind HTTP basic auth."""
import io
import os

from flask import Flask, send_file, request
from flask.ext.restful import Api, Resource, reqparse, abort
from flask.ext.httpauth import HTTPBasicAuth
from werkzeug import secure_filename
from werkzeug.contrib.cache import SimpleCache
from werkzeug.contrib.fixers import ProxyFix

app = Flask(__name__)
app.wsgi_app = ProxyFix(app.wsgi_app)
api = Api(app)
auth = HTTPBasicAuth()
cache = SimpleCache()

UPLOAD_FOLDER = os.path.join(os.path.dirname(__file__), 'uploads')
USERS = {'admin': 'secret'}
FILES = {}


@auth.get_password
def get_pw(username):
    return USERS.get(username)


class FileList(Resource):
    decorators = [auth.login_required]

    def get(self):
        listing = cache.get('listing')
        if listing is None:
            listing = sorted(FILES)
            cache.set('listing', listing, timeout=60)
        return {'files': listing}

    def post(self):
        upload = request.files['file']
        name = secure_filename(upload.filename)
        FILES[name] = upload.read()
        cache.delete('listing')
        return {'name': name}, 201


class File(Resource):
    def get(self, name):
        if name not in FILES:
            abort(404, message="File {} doesn't exist".format(name))
        return send_file(io.BytesIO(FILES[name]), as_attachment=True,
                         attachment_filename=name, cache_timeout=0)


parser = reqparse.RequestParser()
parser.add_argument('q', type=str)


class Index(Resource):
    def get(self):
        args = parser.parse_args()
        return {'api': 'files', 'version': 1, 'q': args['q']}


api.add_resource(Index, '/')
api.add_resource(FileList, '/files')
api.add_resource(File, '/files/<name>')

if __name__ == '__main__':
    app.run(debug=True)
