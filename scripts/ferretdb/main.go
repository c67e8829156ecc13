// Command ferretdb-embedded runs FerretDB 1.24 as a library with the SQLite
// handler, for tests and for `npm start` on machines without a MongoDB.
// The released ferretdb binary cannot be used: installed with `go install`
// it panics at start because its version file is not part of the module.
//
// It prints one line, "listening <mongodb-uri>", once it accepts connections,
// and exits when its standard input closes so that it never outlives the
// Node.js process that started it. Its SQLite files are 0600 in a 0700 folder
// (private_unix.go).
//
// Clients reach FerretDB through writeLockProxy (proxy.go), which lets one
// write command run at a time: FerretDB 1.24 applies an update by reading the
// document and writing it back in two steps, so concurrent updates of one
// document silently lose all but one (40 concurrent $inc kept 19). MongoDB
// makes every single-document write atomic, and the bot relies on that.
//
// With SQLite, the wrapper also gives every collection table an index that
// FerretDB's lookups, updates and deletes by _id can use (idindex.go): without
// it each of them scans the collection. The build patches FerretDB (patches/, applied by
// src/db/launcher.ts) so that a filter with other keys beside its _id is looked up by _id too.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free port)")
	serialize := flag.Bool("serialize-writes", true, "run one write command at a time, so single-document writes are atomic as in MongoDB")
	dataDir := flag.String("data", "", "directory holding the SQLite databases (created if missing; made 0700, its files 0600)")
	watchStdin := flag.Bool("watch-stdin", true, "exit when standard input is closed")
	postgresURL := flag.String("postgresql-url", "", "use this PostgreSQL database instead of SQLite files (e.g. postgres://postgres@127.0.0.1:5432/ferretdb)")
	idIndex := flag.Bool("id-index", true, "SQLite: index every collection table on the expression FerretDB looks _id up by (at start, and after writes when -serialize-writes is on)")
	flag.Parse()

	if *dataDir == "" && *postgresURL == "" {
		fmt.Fprintln(os.Stderr, "ferretdb-embedded: -data is required")
		os.Exit(2)
	}
	sqlite := *dataDir != ""
	if !sqlite {
		*dataDir = os.TempDir()
	}
	abs, err := filepath.Abs(*dataDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb-embedded:", err)
		os.Exit(2)
	}
	if sqlite {
		// Before anything opens a database file: the files hold incidents' messages.
		err = os.MkdirAll(abs, 0o700)
		if err == nil {
			err = makePrivate(abs)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "ferretdb-embedded:", err)
			os.Exit(2)
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	var indexer *idIndexer
	if *idIndex && *postgresURL == "" {
		indexer = newIDIndexer(abs, logger)
		// Before FerretDB opens the files: nothing else uses them yet.
		indexer.indexAll()
	}
	backendAddr := *listen
	if *serialize {
		backendAddr = "127.0.0.1:0"
	}
	config := &ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: backendAddr},
		Handler:  "sqlite",
		// In WAL mode (FerretDB's default), synchronous(normal) makes a commit durable once written to the
		// log: a crash of this process or of the bot loses nothing, a power cut may lose the last commits
		// before a checkpoint. That matches MongoDB's default write concern (acknowledged before the journal
		// is flushed), and takes an fsync off every statement: FerretDB runs each one in its own transaction.
		SQLiteURL: "file:" + abs + "/?_pragma=synchronous(normal)",
		Logger:    logger,
	}
	if *postgresURL != "" {
		config.Handler = "postgresql"
		config.SQLiteURL = ""
		config.PostgreSQLURL = *postgresURL
	}
	f, err := ferretdb.New(config)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb-embedded:", err)
		os.Exit(1)
	}

	done := make(chan struct{})
	go func() {
		_ = f.Run(ctx)
		close(done)
	}()

	// MongoDBURI blocks until the listener is bound, so printing it is the readiness signal.
	uri := f.MongoDBURI()
	if *serialize {
		backend, err := url.Parse(uri)
		if err != nil {
			fmt.Fprintln(os.Stderr, "ferretdb-embedded:", err)
			os.Exit(1)
		}
		proxy, err := listenWriteLockProxy(*listen, backend.Host)
		if err != nil {
			fmt.Fprintln(os.Stderr, "ferretdb-embedded:", err)
			os.Exit(1)
		}
		if indexer != nil {
			proxy.afterWrite = indexer.afterWrite
		}
		go proxy.serve(ctx, logger)
		uri = "mongodb://" + proxy.addr() + "/"
	}
	fmt.Println("listening", uri)
	<-done
}
