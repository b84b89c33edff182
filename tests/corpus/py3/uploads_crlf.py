from flask import Flask, request
from flask.ext.uploads import UploadSet, IMAGES, configure_uploads

app = Flask(__name__)
photos = UploadSet("photos", IMAGES)
configure_uploads(app, photos)


@app.route("/upload", methods=["POST"])
def upload():
    return photos.save(request.files["photo"])
