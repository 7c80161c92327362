# Two commands set up a fresh machine (Python 3.11+ only):
#   make drill  create .venv, install drillsim, open the facilitator console on it
#   make demo   create .venv, install drillsim, run the bundled poisoning scenario
#   make test   create .venv, install drillsim with test tools, run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo drill test lint bench clean

$(BIN)/drillsim: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/drillsim
	$(BIN)/drillsim run scenarios/poisoning.yaml --seed 1 --out runs/poisoning

drill: $(BIN)/drillsim
	$(BIN)/drillsim tui scenarios/poisoning.yaml --seed 1

test: $(BIN)/drillsim
	$(BIN)/python -m pytest

lint: $(BIN)/drillsim
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(BIN)/drillsim
	$(BIN)/python bench/replications.py

clean:
	rm -rf $(VENV) runs build *.egg-info
