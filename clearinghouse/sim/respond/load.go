package respond

import (
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"
)

// LoadScenario reads a YAML scenario over DefaultScenario and validates
// it: keys left out keep their defaults, unknown keys are refused. Lists
// given in the file replace the default lists.
func LoadScenario(r io.Reader) (Scenario, error) {
	sc := DefaultScenario()
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	if err := dec.Decode(&sc); err != nil && err != io.EOF {
		return sc, fmt.Errorf("%w: %w", ErrScenario, err)
	}
	return sc, sc.Validate()
}
