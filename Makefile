# The commands a person types. CMake does the building; this file names the
# builds: build/release (what `make run` uses), build/asan (what the tests use).
JOBS ?= $(shell nproc)
CMAKE ?= cmake
RELEASE := build/release
ASAN := build/asan
FUZZ := build/fuzz
DB ?= sqlite:omnibus.db

PREFIX ?= /usr/local

.PHONY: all deps build test test-release run demo bench soak fuzz format clean install

all: build

# Every package (CI's set); `scripts/deps run|test|bench` installs one group.
deps:
	bash scripts/deps

# The binary, a man page, the default sources, the demo's data and a systemd
# unit under $(DESTDIR)$(PREFIX) (scripts/install lists where each goes).
install: build
	bash scripts/install $(RELEASE) $(PREFIX)

$(RELEASE)/Makefile:
	$(CMAKE) -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release

$(ASAN)/Makefile:
	$(CMAKE) -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DOMNIBUS_SANITIZE=ON

build: $(RELEASE)/Makefile
	$(CMAKE) --build $(RELEASE) -j $(JOBS)

# Every test (unit, corpus, end-to-end) on the sanitizer build.
test: $(ASAN)/Makefile
	$(CMAKE) --build $(ASAN) -j $(JOBS)
	bash scripts/test $(ASAN)

# Installs only what the binary needs (no test tools), then builds and runs.
run:
	bash scripts/deps run
	$(MAKE) build
	$(RELEASE)/omnibus --db $(DB) init
	$(RELEASE)/omnibus --db $(DB) sources import data/sources.json
	$(RELEASE)/omnibus --db $(DB) run

# The offline demo on a fresh database: sample outlets served on loopback,
# ingested, composed, and the site at http://127.0.0.1:8080 (LISTEN=... to move it).
DEMO_DB := build/demo.db
demo:
	bash scripts/deps run
	$(MAKE) build
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(RELEASE)/omnibus demo --db sqlite:$(DEMO_DB) --data data/demo --listen $${LISTEN:-127.0.0.1:8080}

bench:
	bash scripts/deps bench
	$(MAKE) build
	bash bench/run

# The soak (not part of test): omnibus run under load and attack, kill -9 every
# 10 minutes, for SOAK_MINUTES (default 60); bench/soak/run says what it reports.
soak: build
	bash bench/soak/run

fuzz:
	CC=clang $(CMAKE) -S . -B $(FUZZ) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOMNIBUS_FUZZ=ON
	$(CMAKE) --build $(FUZZ) -j $(JOBS)
	bash scripts/fuzz $(FUZZ) $${FUZZ_SECONDS:-60}

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build
