package main

import (
	"context"
	"fmt"
	"io"
	"runtime"

	"github.com/scimbridge/scimbridge/internal/buildinfo"
)

func runVersion(_ context.Context, _ []string, out, _ io.Writer) error {
	v, b := buildinfo.Get()
	_, err := fmt.Fprintf(out, "scimbridge %s (build %s, %s, %s/%s)\n", v, b, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}
