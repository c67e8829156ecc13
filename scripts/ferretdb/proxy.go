package main

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"

	"go.mongodb.org/mongo-driver/x/bsonx/bsoncore"
)

// writeLockProxy forwards MongoDB wire-protocol connections to FerretDB and
// holds one process-wide lock from the moment a write command is forwarded
// until FerretDB's reply to it comes back, so write commands never overlap.
// Reads are forwarded as they come.
type writeLockProxy struct {
	listener net.Listener
	backend  string
	// A one-slot channel rather than a sync.Mutex: the request pump takes it and the reply pump gives it back.
	writeLock chan struct{}
	// afterWrite, when set, runs once FerretDB's reply to a write command has been passed on to the
	// client and before the write lock is given back (see idindex.go). It must not fail or take long.
	afterWrite func(command string, body bsoncore.Document)
}

// Commands that change data or collections: each runs alone.
var writeCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findAndModify": true, "findandmodify": true,
	"create": true, "createIndexes": true, "dropIndexes": true, "drop": true, "dropDatabase": true, "renameCollection": true,
}

const (
	opMsg          = 2013
	headerLen      = 16
	maxMessageLen  = 48 * 1024 * 1024 // MongoDB's maxMessageSizeBytes
	flagMoreToCome = 1 << 1
)

func listenWriteLockProxy(listen, backend string) (*writeLockProxy, error) {
	l, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, err
	}
	return &writeLockProxy{listener: l, backend: backend, writeLock: make(chan struct{}, 1)}, nil
}

func (p *writeLockProxy) addr() string { return p.listener.Addr().String() }

func (p *writeLockProxy) serve(ctx context.Context, logger *slog.Logger) {
	go func() {
		<-ctx.Done()
		_ = p.listener.Close()
	}()
	for {
		client, err := p.listener.Accept()
		if err != nil {
			if ctx.Err() == nil {
				logger.Error("proxy accept failed", "error", err)
			}
			return
		}
		go func() {
			if err := p.relay(client); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
				logger.Warn("proxy connection ended", "error", err)
			}
		}()
	}
}

// relay pumps one client connection both ways until either side closes it.
func (p *writeLockProxy) relay(client net.Conn) error {
	defer client.Close()
	server, err := net.Dial("tcp", p.backend)
	if err != nil {
		return err
	}
	defer server.Close()

	var mu sync.Mutex
	lockedFor := int32(-1) // the requestID whose reply releases the write lock; -1 when not held
	var lockedCommand string
	var lockedBody bsoncore.Document
	release := func(responseTo int32, any bool) {
		mu.Lock()
		if lockedFor < 0 || (!any && responseTo != lockedFor) {
			mu.Unlock()
			return
		}
		lockedFor = -1
		command, body := lockedCommand, lockedBody
		lockedCommand, lockedBody = "", nil
		mu.Unlock()
		// Not when the connection ends early: the command may not have been answered (or even run).
		if !any && p.afterWrite != nil {
			p.afterWrite(command, body)
		}
		<-p.writeLock
	}
	defer release(0, true)

	replies := make(chan error, 1)
	go func() {
		for {
			msg, err := readMessage(server)
			if err == nil {
				_, err = client.Write(msg)
			}
			if err != nil {
				// Unblocks the request pump, which may be waiting on the client.
				_ = client.Close()
				replies <- err
				return
			}
			release(int32(binary.LittleEndian.Uint32(msg[8:12])), false)
		}
	}()

	for {
		msg, err := readMessage(client)
		if err != nil {
			_ = server.Close()
			<-replies
			return err
		}
		if command, body := writeCommand(msg); command != "" {
			p.writeLock <- struct{}{}
			mu.Lock()
			lockedFor = int32(binary.LittleEndian.Uint32(msg[4:8]))
			lockedCommand, lockedBody = command, body
			mu.Unlock()
		}
		if _, err := server.Write(msg); err != nil {
			_ = server.Close()
			<-replies
			return err
		}
	}
}

func readMessage(r io.Reader) ([]byte, error) {
	header := make([]byte, headerLen)
	if _, err := io.ReadFull(r, header); err != nil {
		return nil, err
	}
	length := int(binary.LittleEndian.Uint32(header[0:4]))
	if length < headerLen || length > maxMessageLen {
		return nil, fmt.Errorf("wire message of %d bytes", length)
	}
	msg := make([]byte, length)
	copy(msg, header)
	if _, err := io.ReadFull(r, msg[headerLen:]); err != nil {
		return nil, err
	}
	return msg, nil
}

// writeCommand returns the name of the write command an OP_MSG that expects a reply carries, and the
// command document (the body section, kind 0; the command's name is its first key), or "" when it carries
// none.
func writeCommand(msg []byte) (string, bsoncore.Document) {
	if binary.LittleEndian.Uint32(msg[12:16]) != opMsg || len(msg) < headerLen+5 {
		return "", nil
	}
	if binary.LittleEndian.Uint32(msg[headerLen:headerLen+4])&flagMoreToCome != 0 {
		return "", nil // no reply will come to release the lock
	}
	for i := headerLen + 4; i < len(msg); {
		kind := msg[i]
		i++
		if i+4 > len(msg) {
			return "", nil
		}
		size := int(binary.LittleEndian.Uint32(msg[i : i+4]))
		if kind == 0 {
			// A BSON document: int32 length, then the first element: type byte, name as a C string.
			start := i + 5
			for end := start; end < len(msg) && end < i+size; end++ {
				if msg[end] == 0 {
					if name := string(msg[start:end]); writeCommands[name] {
						var body bsoncore.Document
						if size >= 5 && i+size <= len(msg) {
							body = msg[i : i+size]
						}
						return name, body
					}
					return "", nil
				}
			}
			return "", nil
		}
		i += size // kind 1: a document sequence, its size counting itself
	}
	return "", nil
}
