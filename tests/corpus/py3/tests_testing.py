import unittest

from flask.ext.testing import TestCase, LiveServerTestCase
from flask.ext.fixtures import Fixtures

from app import create_app, db


class BaseTest(TestCase):
    def create_app(self):
        return create_app("testing")

    def setUp(self):
        db.create_all()

    def tearDown(self):
        db.session.remove()
        db.drop_all()


class IndexTest(BaseTest):
    def test_index(self):
        response = self.client.get("/")
        self.assert200(response)


class LiveTest(LiveServerTestCase):
    def create_app(self):
        app = create_app("testing")
        app.config["LIVESERVER_PORT"] = 8943
        return app


if __name__ == "__main__":
    unittest.main()
