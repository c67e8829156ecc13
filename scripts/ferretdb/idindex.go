package main

// FerretDB 1.24's SQLite backend pushes a filter that is exactly {_id: <string or ObjectId>} into SQL (this
// build: any filter with such a top-level _id, see patches/pushdown-filters.patch), and writes updated and
// deleted documents back by _id, always as `_ferretdb_sjson->'$._id' = ?`
// (internal/backends/sqlite/metadata.IDColumn). The unique `_id_` index it creates for every collection is
// on `_ferretdb_sjson->"_id"`, which yields the same values but is a different expression, so SQLite never
// uses it: every lookup, update and delete by _id scans the whole table.
//
// idIndexer adds an index on the exact expression FerretDB queries to every collection table:
//   - at start, before FerretDB opens the data directory, for every table already there;
//   - after the reply to each write command that can create a collection, while the proxy still holds its
//     write lock (so no other write command runs meanwhile and no dropDatabase can remove the file under
//     us), for the tables not indexed yet.
//
// The index is unique, like `_id_` over the same values, so it can only refuse a write `_id_` refuses too.
// It is invisible to clients: FerretDB lists, sizes and drops indexes from its own metadata table, never
// from sqlite_master; DROP TABLE (drop, dropDatabase) removes it with its table; renameCollection keeps the
// table. Its name contains '$', which no FerretDB table name can (collection names cannot), so it can
// never collide with a table or with an index FerretDB names `<table>_<index name>`.
//
// Failures are logged and never affect a client: the write has already been answered, and a missing
// index only costs speed.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/x/bsonx/bsoncore"
	_ "modernc.org/sqlite" // the database/sql driver FerretDB itself uses
)

const (
	idIndexPrefix     = "wrapper_id$"
	idIndexExpression = `_ferretdb_sjson->'$._id'` // metadata.IDColumn in FerretDB v1.24.2
	collectionsTable  = "_ferretdb_collections"
	databaseExtension = ".sqlite"
	// As long as FerretDB's own connections wait (its busy_timeout): a lock is only ever held briefly.
	busyTimeoutMillis = 10000
)

// Write commands after which a collection may exist that did not before.
var collectionCreatingCommands = map[string]bool{
	"insert": true, "update": true, "findAndModify": true, "findandmodify": true, "create": true, "createIndexes": true,
}

// Write commands after which a collection name may stand for another table (or for none).
var collectionRemovingCommands = map[string]bool{"drop": true, "dropDatabase": true, "renameCollection": true}

type idIndexer struct {
	dir    string
	logger *slog.Logger
	// Collections known to have the index, by database: only touched under the proxy's write lock.
	indexed map[string]map[string]bool
}

func newIDIndexer(dir string, logger *slog.Logger) *idIndexer {
	return &idIndexer{dir: dir, logger: logger, indexed: map[string]map[string]bool{}}
}

// indexAll indexes every collection table of every database in the directory. It runs before FerretDB
// starts, so the creation of an index on a large table blocks nobody.
func (x *idIndexer) indexAll() {
	started := time.Now()
	files, err := filepath.Glob(filepath.Join(x.dir, "*"+databaseExtension))
	if err != nil {
		x.logger.Warn("id index: listing databases failed", "error", err)
		return
	}
	created := 0
	for _, file := range files {
		n, err := x.indexDatabase(strings.TrimSuffix(filepath.Base(file), databaseExtension))
		if err != nil {
			x.logger.Warn("id index: indexing existing collections failed", "file", file, "error", err)
		}
		created += n
	}
	if elapsed := time.Since(started); created > 0 {
		level := slog.LevelInfo
		if elapsed > time.Second {
			level = slog.LevelWarn // worth seeing: the start was that much slower
		}
		x.logger.Log(context.Background(), level, "id index: indexed existing collections", "indexes", created, "elapsed", elapsed.String())
	}
}

// afterWrite runs after FerretDB has answered a write command, with the proxy's write lock still held.
func (x *idIndexer) afterWrite(command string, body bsoncore.Document) {
	defer func() {
		if r := recover(); r != nil { // the body comes from a client; never let it take the proxy down
			x.logger.Error("id index: unexpected failure", "command", command, "panic", r)
		}
	}()
	switch {
	case collectionRemovingCommands[command]:
		// Rare: start again from nothing rather than follow names (a collection dropped and created
		// again gets a table of the same name, without the index).
		clear(x.indexed)
	case collectionCreatingCommands[command]:
		dbName, collection, ok := commandTarget(body)
		if !ok || x.indexed[dbName][collection] {
			return
		}
		if _, err := x.indexDatabase(dbName); err != nil {
			x.logger.Warn("id index: indexing new collections failed", "database", dbName, "collection", collection, "error", err)
		}
	}
}

// commandTarget reads the database ($db) and the collection (the command's value) a command applies to.
func commandTarget(body bsoncore.Document) (dbName, collection string, ok bool) {
	first, err := body.IndexErr(0)
	if err != nil {
		return "", "", false
	}
	collection, ok = first.Value().StringValueOK()
	if !ok {
		return "", "", false
	}
	v, err := body.LookupErr("$db")
	if err != nil {
		return "", "", false
	}
	dbName, ok = v.StringValueOK()
	return dbName, collection, ok
}

// indexDatabase creates the missing indexes of one database's collection tables and returns how many it
// created. It opens the file for this one pass and closes it again: a connection left open would outlive
// a dropDatabase (which closes FerretDB's connections, then deletes the file), and the last connection to
// close deletes the -wal and -shm files by name, which by then could belong to a new database.
func (x *idIndexer) indexDatabase(dbName string) (int, error) {
	if dbName == "" || dbName == "." || dbName == ".." || strings.ContainsAny(dbName, "/\\\x00") {
		return 0, nil // not a FerretDB database name; FerretDB refuses it
	}
	file := filepath.Join(x.dir, dbName+databaseExtension)
	if _, err := os.Stat(file); err != nil {
		return 0, nil // no such database (yet); nothing to index
	}
	// mode=rw: never create a file; FerretDB would take a stray empty one for a database and fail to start.
	dsn := "file:" + (&url.URL{Path: file}).EscapedPath() + fmt.Sprintf("?mode=rw&_pragma=busy_timeout(%d)", busyTimeoutMillis)
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	ctx, cancel := context.WithTimeout(context.Background(), 2*busyTimeoutMillis*time.Millisecond)
	defer cancel()

	type table struct {
		collection, name string
		indexed          bool
	}
	rows, err := db.QueryContext(ctx, fmt.Sprintf(
		`SELECT c.name, c.table_name, EXISTS (SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = ? || c.table_name)
		FROM %q c JOIN sqlite_master t ON t.type = 'table' AND t.name = c.table_name`, collectionsTable), idIndexPrefix)
	if err != nil {
		return 0, err
	}
	var tables []table
	for rows.Next() {
		var t table
		if err := rows.Scan(&t.collection, &t.name, &t.indexed); err != nil {
			rows.Close()
			return 0, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}

	created := 0
	var firstErr error
	for _, t := range tables {
		if !t.indexed {
			q := fmt.Sprintf(`CREATE UNIQUE INDEX IF NOT EXISTS %q ON %q (%s)`, idIndexPrefix+t.name, t.name, idIndexExpression)
			if _, err := db.ExecContext(ctx, q); err != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("%s (collection %q): %w", q, t.collection, err)
				}
				continue
			}
			created++
		}
		if x.indexed[dbName] == nil {
			x.indexed[dbName] = map[string]bool{}
		}
		x.indexed[dbName][t.collection] = true
	}
	return created, firstErr
}
