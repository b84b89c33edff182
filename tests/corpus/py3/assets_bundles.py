from flask.ext.assets import Bundle, Environment
from flask.ext.bootstrap import Bootstrap; from flask.ext.moment import Moment

assets = Environment()
bootstrap = Bootstrap()
moment = Moment()

js = Bundle("js/jquery.js", "js/app.js", filters="jsmin", output="gen/packed.js")
css = Bundle("css/site.css", filters="cssmin", output="gen/site.css")
assets.register("js_all", js)
assets.register("css_all", css)
