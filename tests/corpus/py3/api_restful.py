from flask import Blueprint
from flask.ext.restful import Api, Resource, reqparse, fields, marshal_with
from flask.ext.httpauth import HTTPBasicAuth

api_bp = Blueprint("api", __name__)
api = Api(api_bp)
auth = HTTPBasicAuth()

todo_fields = {
    "id": fields.Integer,
    "task": fields.String,
    "uri": fields.Url("api.todo"),
}

parser = reqparse.RequestParser()
parser.add_argument("task", type=str, required=True)

TODOS = {}


class Todo(Resource):
    decorators = [auth.login_required]

    @marshal_with(todo_fields)
    def get(self, todo_id):
        return TODOS[todo_id]


class TodoList(Resource):
    def post(self):
        args = parser.parse_args()
        todo_id = len(TODOS) + 1
        TODOS[todo_id] = {"id": todo_id, "task": args["task"]}
        return TODOS[todo_id], 201


api.add_resource(TodoList, "/todos")
api.add_resource(Todo, "/todos/<int:todo_id>", endpoint="todo")
