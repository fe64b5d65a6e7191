"""The server's database: schema, engine, migrations."""
