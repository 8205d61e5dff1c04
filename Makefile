# Kumo: two commands on a fresh Debian 12 machine.
#   make demo   installs and starts what is missing, builds, starts `kumo serve` (tools/kumo-service.sh),
#               boots a demo server to ACTIVE with the real openstack CLI (tools/demo.sh)
#   make start / make stop   the background service alone
#   make test   the same set-up, then every test (unit, libvirt binding, end-to-end on real QEMU)
#   make bench  boot latency against plain libvirt, and control-plane throughput on the fake driver
#   make test-clients  only the real `openstack` CLI scenario and Tempest, against a kumo serve of their own
# All targets are idempotent.

CONFIG ?= Release
GUEST_DIR ?= $(CURDIR)/tools/guest/build
DOTNET ?= dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export KUMO_GUEST_DIR=$(GUEST_DIR)

.PHONY: demo start stop test test-fast test-clients bench setup guest build clean

demo: setup guest build start
	bash tools/demo.sh

# Idempotent: does nothing when the service already runs and is ready.
start: setup build
	bash tools/kumo-service.sh start

stop:
	bash tools/kumo-service.sh stop

# Every test: unit, libvirt binding, end-to-end, and the real clients (the openstack CLI scenario and
# Tempest, each against a kumo serve of its own); KUMO_CLI_SCENARIO=0 / KUMO_TEMPEST=0 leave them out.
test: setup guest build
	KUMO_CLI_SCENARIO=$${KUMO_CLI_SCENARIO:-1} KUMO_TEMPEST=$${KUMO_TEMPEST:-1} bash tools/run-tests.sh $(CONFIG)

# The fast set only (no QEMU guests): for the edit-build-test loop.
test-fast: build
	KUMO_TEST_FILTER='Category!=EndToEnd' bash tools/run-tests.sh $(CONFIG)

# The real clients alone (tools/openstack, tools/tempest); `make test` runs them too.
test-clients: setup guest build
	KUMO_CLI_SCENARIO=$${KUMO_CLI_SCENARIO:-1} KUMO_TEMPEST=$${KUMO_TEMPEST:-1} bash tools/openstack/real-client-tests.sh artifacts/test-results

bench: setup guest build
	$(DOTNET) run --project bench/Kumo.Bench -c $(CONFIG) --no-build -- all

setup:
	bash tools/setup-host.sh

guest: setup
	bash tools/guest/build-guest.sh $(GUEST_DIR)

build:
	$(DOTNET) build Kumo.slnx -c $(CONFIG) -nologo -clp:ErrorsOnly

clean:
	$(DOTNET) clean Kumo.slnx -c $(CONFIG) -nologo -v q
	rm -rf artifacts
