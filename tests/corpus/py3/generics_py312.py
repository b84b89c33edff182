from flask.ext.sqlalchemy import SQLAlchemy

db = SQLAlchemy()

type Rows[T] = list[T]


class Repository[T: db.Model]:
    def __init__(self, model: type[T]) -> None:
        self.model = model

    def all(self) -> Rows[T]:
        return self.model.query.all()
