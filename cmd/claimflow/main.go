// Command claimflow moves healthcare claims between a practice and its
// clearinghouse.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "claimflow: no command yet")
	os.Exit(2)
}
