"""A lifeline release as scripts/package.sh lays it out, and a loopback HTTP server that serves
releases the way GitHub does (<base-url>/v<version>/<asset>): the fixture of the setup tests
(setup_release_it.py, actions_it.py --case setup). Standard library only.

A release is either a package.sh output directory (load_dist) or a small one made here from
built binaries (make_release): lifeline-<version>-linux-<arch>.tar.gz holding one top directory
with bin/ (the seven tools, debug info stripped), lib/ (empty), share/lifeline/ and README.md,
plus SHA256SUMS in sha256sum's format."""
import hashlib
import http.server
import os
import platform
import re
import shutil
import subprocess
import tarfile
import threading

TOOLS = ["probe-endpoint", "pick-provider", "run-with-failover", "failover-proxy", "budget-check",
         "rotate-keys", "provider-sim"]
ARCHES = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64", "arm64": "aarch64"}
TARBALL = re.compile(r"^lifeline-(?P<version>\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)-linux-"
                     r"(?P<arch>x86_64|aarch64)\.tar\.gz$")


class ReleaseError(Exception):
    pass


def host_arch():
    """x86_64 or aarch64 (the release's names), or None on another machine."""
    return ARCHES.get(platform.machine())


def tarball_name(version, arch):
    return "lifeline-%s-linux-%s.tar.gz" % (version, arch)


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Release:
    """A directory holding one release's assets and its SHA256SUMS."""

    def __init__(self, directory, version, sums):
        self.dir, self.version, self.sums = directory, version, sums   # sums: asset -> sha256

    def tarball(self, arch):
        """Path of the tarball for arch, or None when the release has none."""
        name = tarball_name(self.version, arch)
        return os.path.join(self.dir, name) if name in self.sums else None


def read_sums(path):
    sums = {}
    with open(path) as f:
        for number, line in enumerate(f, 1):
            match = re.fullmatch(r"([0-9a-f]{64}) [ *](\S+)\n?", line)
            if not match:
                raise ReleaseError("%s:%d: not a sha256sum line: %r" % (path, number, line))
            sums[match.group(2)] = match.group(1)
    return sums


def load_dist(directory):
    """A package.sh output directory: SHA256SUMS must cover every asset (.tar.gz, .deb) and
    match it; the version comes from the tarball names, which must agree."""
    directory = os.path.abspath(directory)
    sums_path = os.path.join(directory, "SHA256SUMS")
    if not os.path.isfile(sums_path):
        raise ReleaseError("%s has no SHA256SUMS" % directory)
    sums = read_sums(sums_path)
    assets = sorted(n for n in os.listdir(directory) if n.endswith((".tar.gz", ".deb")))
    for name in assets:
        if name not in sums:
            raise ReleaseError("SHA256SUMS does not cover %s" % name)
        if sha256_file(os.path.join(directory, name)) != sums[name]:
            raise ReleaseError("SHA256SUMS does not match %s" % name)
    for name in sums:
        if name not in assets:
            raise ReleaseError("SHA256SUMS lists %s, which %s lacks" % (name, directory))
    versions = {m.group("version") for m in map(TARBALL.match, assets) if m}
    if len(versions) != 1:
        raise ReleaseError("expected the tarballs of one version in %s, got %s" % (directory, assets))
    return Release(directory, versions.pop(), sums)


def make_release(directory, binaries, version=None, arch=None):
    """A release of the built binaries (TOOL -> path) for this machine's architecture."""
    arch = arch or host_arch()
    if version is None:
        printed = subprocess.run([binaries["run-with-failover"], "--version"], capture_output=True,
                                 text=True, check=True, timeout=30).stdout.split()
        version = printed[-1]
    top = "lifeline-%s-linux-%s" % (version, arch)
    stage = os.path.join(directory, "stage", top)
    for sub in ("bin", "lib", "share/lifeline"):
        os.makedirs(os.path.join(stage, sub), exist_ok=True)
    strip = shutil.which("strip")
    for tool in TOOLS:
        target = os.path.join(stage, "bin", tool)
        if strip:   # the build tree's binaries carry debug info: hundreds of MB
            subprocess.run([strip, "--strip-debug", "-o", target, binaries[tool]], check=True,
                           timeout=60)
        else:
            shutil.copy2(binaries[tool], target)
    with open(os.path.join(stage, "README.md"), "w") as f:
        f.write("# lifeline %s (%s)\n\nA test release made by release_fixture.py.\n" % (version, arch))
    with open(os.path.join(stage, "share", "lifeline", "NOTICE"), "w") as f:
        f.write("test release\n")
    name = tarball_name(version, arch)
    with tarfile.open(os.path.join(directory, name), "w:gz", compresslevel=6) as tar:
        tar.add(stage, arcname=top)
    shutil.rmtree(os.path.join(directory, "stage"))
    sums = {name: sha256_file(os.path.join(directory, name))}
    write_sums(directory, sums)
    return Release(directory, version, sums)


def write_sums(directory, sums):
    with open(os.path.join(directory, "SHA256SUMS"), "w") as f:
        for name in sorted(sums):
            f.write("%s  %s\n" % (sums[name], name))


def tamper(release, directory, arch):
    """A copy of release whose arch tarball has bytes changed and whose SHA256SUMS does not."""
    os.makedirs(directory)
    for name in list(release.sums) + ["SHA256SUMS"]:
        shutil.copy2(os.path.join(release.dir, name), os.path.join(directory, name))
    path = os.path.join(directory, tarball_name(release.version, arch))
    with open(path, "r+b") as f:
        f.seek(os.path.getsize(path) // 2)
        chunk = f.read(64)
        f.seek(-len(chunk), os.SEEK_CUR)
        f.write(bytes(b ^ 0xFF for b in chunk))
    return Release(directory, release.version, dict(release.sums))


class ReleaseServer:
    """Serves root over HTTP on 127.0.0.1 in a thread; publish() puts a release at
    <url>[/prefix]/v<version>/. requests() returns (and forgets) the paths asked for so far."""

    def __init__(self, root):
        self.root = os.path.abspath(root)
        os.makedirs(self.root, exist_ok=True)
        self._seen, self._lock = [], threading.Lock()
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=server.root, **kwargs)

            def send_head(self):
                with server._lock:
                    server._seen.append(self.path)
                return super().send_head()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def publish(self, release, prefix=""):
        parent = os.path.join(self.root, prefix)
        os.makedirs(parent, exist_ok=True)
        os.symlink(release.dir, os.path.join(parent, "v" + release.version))
        return self.url + ("/" + prefix if prefix else "")

    def requests(self):
        with self._lock:
            seen, self._seen = self._seen, []
        return seen

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
