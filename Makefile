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
# independent XLSX reader of the report tests; PostgreSQL, the relay the relay tests start a
# throw-away cluster of.
APT_PACKAGES := build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev \
	libayatana-appindicator3-dev librsvg2-dev webkit2gtk-driver xvfb xauth xdotool xclip \
	python3-openpyxl postgresql
TAURI_DRIVER_VERSION := ^2

DESKTOP_BIN := target/debug/haven-desktop

.PHONY: help run test deps deps-apt deps-npm deps-tauri-driver ui desktop cli \
	test-rust test-ui test-e2e bindings-check bench clean stress fuzz

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

# The haven-cli crate (cli/); its binary is target/debug/haven.
cli:
	$(CARGO) build -p haven-cli

# --- tests ----------------------------------------------------------------------------------

test-rust: ui
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) test --workspace

# The TypeScript bindings (ui/src/bindings) and the typed commands (ui/src/commands.ts) are
# generated from the Rust types and commands by the test run above; the committed copies must
# match, or the UI was built against stale types.
GENERATED_TS := ui/src/bindings ui/src/commands.ts
bindings-check:
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
		if [ -n "$$(git status --porcelain -- $(GENERATED_TS))" ]; then \
			git status --porcelain -- $(GENERATED_TS); \
			echo "$(GENERATED_TS) changed when regenerated from the Rust code: commit them" >&2; exit 1; \
		fi; \
	fi

test-ui: deps-npm
	npm --prefix ui test

test-e2e: deps-tauri-driver desktop cli
	HAVEN_DESKTOP_BIN=$(CURDIR)/$(DESKTOP_BIN) HAVEN_CLI_BIN=$(CURDIR)/target/debug/haven tests/e2e/run.sh

# The crash-safety harness in its long form (docs/crash-safety.md): 250 SIGKILLs of a writer
# and 250 of a passphrase changer, and as many of a relay push and of a pull (a throw-away
# PostgreSQL); `make test` runs the short form. HAVEN_CRASH_SEED=N replays.
STRESS_KILLS ?= 1000
stress:
	HAVEN_CRASH_KILLS=$(STRESS_KILLS) $(CARGO) test --release --test crash_safety -- --nocapture
	HAVEN_RELAY_KILLS=$(STRESS_KILLS) $(CARGO) test --release --test relay_crash -- --nocapture

# --- fuzzing --------------------------------------------------------------------------------
# Runs each cargo-fuzz target (fuzz/fuzz_targets) for FUZZ_SECONDS, with nightly when rustup
# has it (else stable with RUSTC_BOOTSTRAP=1), built in release with debug assertions and
# overflow checks (cargo-fuzz's default). libFuzzer writes the inputs it finds to the FIRST
# corpus directory only: that is fuzz/scratch/<target> (git-ignored, kept between runs), and
# the committed seeds in fuzz/corpus/<target> come second, read but never written. Refresh the
# seeds on purpose, not on every run (docs/fuzzing.md). A crash stops the run with its input in
# fuzz/artifacts/<target>. The first build compiles SQLCipher and OpenSSL again (fuzz/target).
FUZZ_SECONDS ?= 60
FUZZ_TIMEOUT ?= 10
FUZZ_TARGETS := interchange key_file command_args packet agency_card

fuzz:
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	@if rustup toolchain list 2>/dev/null | grep '^nightly' >/dev/null; then \
		fuzz="$(CARGO) +nightly fuzz"; \
	else \
		fuzz="env RUSTC_BOOTSTRAP=1 $(CARGO) fuzz"; \
	fi; \
	cd fuzz; \
	for t in $(FUZZ_TARGETS); do \
		mkdir -p scratch/$$t; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s (log in fuzz/scratch/$$t.log)"; \
		if ! $$fuzz run $$t scratch/$$t corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) \
			-timeout=$(FUZZ_TIMEOUT) -print_final_stats=1 >scratch/$$t.log 2>&1; then \
			tail -n 60 scratch/$$t.log; \
			echo "fuzz: $$t failed; the input is in fuzz/artifacts/$$t" >&2; exit 1; \
		fi; \
	done; \
	for t in $(FUZZ_TARGETS); do \
		execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' scratch/$$t.log); \
		rate=$$(sed -n 's/^stat::average_exec_per_sec: *//p' scratch/$$t.log); \
		echo "fuzz: $$t: $$execs executions in $(FUZZ_SECONDS) s ($$rate per second), no crash"; \
	done

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules

# --- benchmarks -----------------------------------------------------------------------------
# The benchmark suite (benches/records.rs) in release: unlock at the production Argon2id cost,
# import of HAVEN_BENCH_CASES demo cases (default 100000), search, opening a case, the indicator
# report, backup and restore, each on the encrypted vault and on an unencrypted database of the
# same schema, each phase in its own process for its peak memory. Writes the table and the
# machine into docs/benchmarks.md between <!-- bench:begin --> and <!-- bench:end -->.
# A cold release build (SQLCipher, OpenSSL) takes about 3 minutes; the suite about a minute.
# Then the lifecycle's costs (benches/lifecycle.rs): erasing, purging the cases due, the size;
# and referral packets' (benches/exchange.rs): sending and receiving one, then 1,000.
bench:
	HAVEN_BENCH_DOC=$(CURDIR)/docs/benchmarks.md $(CARGO) bench --bench records
	$(CARGO) bench --bench lifecycle
	$(CARGO) bench --bench exchange
	$(CARGO) bench --bench relay
	$(CARGO) bench --bench releases
