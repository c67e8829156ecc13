//go:build !unix

package main

// makePrivate has nothing to do where there are no Unix permissions; the folder's ACL applies.
func makePrivate(dir string) error { return nil }
