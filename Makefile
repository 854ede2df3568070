# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test gate install install-test clean

$(BIN)/baocao: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

install: $(BIN)/baocao

install-test: install
	$(BIN)/pip install --quiet -e '.[test]'

# Analyse the bundled sample corpus into build/.
run: install
	$(BIN)/baocao run corpora/sample --out build

# Install the test dependencies and run the test suite.
test: install-test
	$(BIN)/python -m pytest -q

clean:
	rm -rf build $(VENV)

# The accuracy gate: the real-text figures (needs ../shared beside the checkout; says so and passes
# without it) against the floors in corpora/real/*floors.json: the fully annotated sets, the
# extraction-only sets and the indicator values.
gate: install
	$(BIN)/baocao eval corpora/real/dev corpora/real/test corpora/real/test2 --floors corpora/real/floors.json
	$(BIN)/baocao eval corpora/real/dev-extract corpora/real/test-extract --floors corpora/real/extract_floors.json
	$(BIN)/baocao eval corpora/real/indicators/dev corpora/real/indicators/test --floors corpora/real/indicator_floors.json
