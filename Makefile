# Loket — the two commands: `make up` runs Loket, `make test` runs every test.
SWIFT ?= swift
BENCH_FLAGS ?= --records 100000 --fields 10 --updates 30000 --replicas 3

.PHONY: up demo test build bootstrap bench bench-hub bench-card bench-lending release package clean format lint

bootstrap:
	@scripts/bootstrap

build: bootstrap
	$(SWIFT) build

# Installs missing system packages, checks the formatting, builds, and runs every test
# (Swift Testing).
test: bootstrap lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

# swift-format ships with the toolchain; the rules are in .swift-format.
format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

# The hub on SQLite in .loket/ and one terminal agent enrolled at it; Ctrl-C stops both.
up: bootstrap
	$(SWIFT) build --product loket
	scripts/up "$$($(SWIFT) build --show-bin-path)/loket"

# Two replicas synced by file, without a hub (sneakernet).
demo: bootstrap
	$(SWIFT) build --product loket
	scripts/demo "$$($(SWIFT) build --show-bin-path)/loket"

release: bootstrap
	$(SWIFT) build -c release --product loket

# The Debian package: the release binary (static Swift runtime) with its resource bundles,
# the hub's and the agent's systemd units, the udev rules and the docs, in .build/package/.
package: bootstrap
	scripts/package

# The sync benchmark, release build: the CRDT store, the plain-SQLite baseline, and both
# interleaved in one process (the ratios the targets are stated in).
bench: release
	.build/release/loket bench sync $(BENCH_FLAGS)
	.build/release/loket bench sync $(BENCH_FLAGS) --baseline sqlite
	.build/release/loket bench sync $(BENCH_FLAGS) --paired

# Card tap to token on pcscd's virtual reader (vpcd), release build; needs root.
# The lending desk's benchmark, release build: 10,000 devices, 1,000,000 loans.
bench-lending: release
	.build/release/loket bench lending $(LENDING_BENCH_FLAGS)

bench-card: release
	scripts/with-pcscd .build/release/loket bench card $(CARD_BENCH_FLAGS)

# The hub benchmark, release build: 1,000 terminals × 100 offline changes, on SQLite and
# on a throwaway PostgreSQL.
HUB_BENCH_FLAGS ?= --terminals 1000 --ops-per-terminal 100
bench-hub: release
	.build/release/loket bench hub $(HUB_BENCH_FLAGS) --store sqlite
	scripts/with-postgres .build/release/loket bench hub $(HUB_BENCH_FLAGS) --store postgres

clean:
	rm -rf .build
