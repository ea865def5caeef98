# Haven — the two commands of the README:
#   make run    installs what is missing, builds, starts the app on the default vault location
#   make test   everything: Rust tests, UI unit tests, end-to-end tests in the real app window
# Both install what a fresh Debian 12 / Ubuntu machine lacks (Debian packages, npm packages,
# tauri-driver), so nothing needs to be set up by hand first.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Tauri 2 on WebKitGTK, the end-to-end driver chain (WebKitWebDriver, Xvfb), and openpyxl: the
# independent XLSX reader of the report tests.
APT_PACKAGES := build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev \
	libayatana-appindicator3-dev librsvg2-dev webkit2gtk-driver xvfb xauth xdotool \
	python3-openpyxl
TAURI_DRIVER_VERSION := ^2

DESKTOP_BIN := target/debug/haven-desktop

.PHONY: help run test deps deps-apt deps-npm deps-tauri-driver ui desktop cli \
	test-rust test-ui test-e2e bindings-check bench clean

help:
	@echo "make run    build and start Haven (vault in ~/.local/share/haven/vault)"
	@echo "make test   run every test (Rust, UI, end-to-end in the real window)"
	@echo "make cli    build the haven command line (target/debug/haven)"

run: deps desktop
	./$(DESKTOP_BIN)

test: deps
	$(MAKE) test-rust
	$(MAKE) bindings-check
	$(MAKE) test-ui
	$(MAKE) test-e2e
	@echo "make test: all suites passed"

# --- what a fresh machine lacks -------------------------------------------------------------

deps: deps-apt deps-npm

deps-apt:
	@command -v $(CARGO) >/dev/null || { echo "Rust (cargo) is required: see https://rustup.rs" >&2; exit 1; }
	@command -v npm >/dev/null || { echo "Node.js 20+ with npm is required (apt-get install nodejs npm)" >&2; exit 1; }
	@missing=""; for p in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

deps-npm: ui/node_modules/.package-lock.json

ui/node_modules/.package-lock.json: ui/package.json ui/package-lock.json
	npm --prefix ui ci --no-audit --no-fund
	@touch $@

deps-tauri-driver:
	@command -v tauri-driver >/dev/null || $(CARGO) install tauri-driver --locked --version '$(TAURI_DRIVER_VERSION)'

# --- builds ---------------------------------------------------------------------------------

ui: deps-npm
	npm --prefix ui run build

# The desktop binary embeds ui/dist, so the UI is built first.
desktop: ui
	$(CARGO) build -p haven-desktop

cli:
	$(CARGO) build --bin haven

# --- tests ----------------------------------------------------------------------------------

test-rust: ui
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) test --workspace

# The TypeScript bindings are generated from the Rust types by the test run above; the
# committed copies must match, or the UI was built against stale types.
bindings-check:
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
		if [ -n "$$(git status --porcelain -- ui/src/bindings)" ]; then \
			git status --porcelain -- ui/src/bindings; \
			echo "ui/src/bindings changed when regenerated from the Rust types: commit them" >&2; exit 1; \
		fi; \
	fi

test-ui: deps-npm
	npm --prefix ui test

test-e2e: deps-tauri-driver desktop cli
	HAVEN_DESKTOP_BIN=$(CURDIR)/$(DESKTOP_BIN) HAVEN_CLI_BIN=$(CURDIR)/target/debug/haven tests/e2e/run.sh

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules
