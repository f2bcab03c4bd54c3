"""Build and cache the Neo4j 5.26 Community server kg runs.

Maven Central serves Neo4j as ``org.neo4j`` library artifacts but not as the
server tarball, so kg keeps a one-class Maven project (``launcher/``) that
starts the database with a Bolt connector, and builds it once with
``mvn package``.  The result (launcher jar + ``lib/`` of dependencies) is cached
under the user's data directory in a folder named after a digest of the
launcher's sources, so editing the pom or the class rebuilds and nothing else
does.  ``KG_NEO4J_INSTALL_DIR`` moves the cache.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.neo4j.errors import KgNeo4jError
from kg.neo4j.home import data_root

LAUNCHER_PROJECT = Path(__file__).resolve().with_name("launcher")
LAUNCHER_CLASS = "kg.neo4j.Launcher"
JAR_NAME = "kg-neo4j-launcher.jar"
MIN_JAVA = 17
INSTALL_VARIABLE = "KG_NEO4J_INSTALL_DIR"


def neo4j_version() -> str:
    """The Neo4j version the launcher's pom pins (the one place it is written)."""
    pom = (LAUNCHER_PROJECT / "pom.xml").read_text(encoding="utf-8")
    found = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", pom)
    if not found:
        raise KgNeo4jError(f"{LAUNCHER_PROJECT / 'pom.xml'}: no <neo4j.version> property; restore the file from git")
    return found.group(1)


def _sources() -> list[Path]:
    return sorted(p for p in LAUNCHER_PROJECT.rglob("*") if p.is_file() and "target" not in p.parts)


def source_digest() -> str:
    """A short digest of the launcher project: the cache key of a build."""
    digest = hashlib.sha256()
    for path in _sources():
        digest.update(path.relative_to(LAUNCHER_PROJECT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Installation:
    """A built launcher: run ``java -cp classpath kg.neo4j.Launcher …``."""

    path: Path
    version: str
    built_seconds: float | None = None
    """How long this call spent building (None when the cache was used)."""

    @property
    def classpath(self) -> str:
        return os.pathsep.join([str(self.path / JAR_NAME), str(self.path / "lib" / "*")])

    @property
    def complete(self) -> bool:
        return (self.path / JAR_NAME).is_file() and any((self.path / "lib").glob("neo4j-kernel-*.jar"))


def install_root() -> Path:
    return Path(os.environ.get(INSTALL_VARIABLE) or data_root() / "neo4j" / "launcher").expanduser()


def installation(root: Path | None = None) -> Installation:
    """Where the current launcher sources are (or would be) installed."""
    version = neo4j_version()
    return Installation((root or install_root()) / f"{version}-{source_digest()}", version)


def find_java() -> str:
    """The ``java`` to run (``$JAVA_HOME/bin/java`` or on PATH), checked to be 17 or newer."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not Path(java).exists():
        raise KgNeo4jError(
            f"Java {MIN_JAVA}+ not found ({'JAVA_HOME=' + java_home if java_home else 'no java on PATH'}): "
            "install it (apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
        )
    result = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    found = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr)
    major = int(found.group(1)) if found else 0
    if major == 1 and found and found.group(2):
        major = int(found.group(2))
    if major < MIN_JAVA:
        raise KgNeo4jError(
            f"{java} is Java {major or 'of unknown version'}, Neo4j 5.26 needs Java {MIN_JAVA} or 21: "
            "install openjdk-17-jre-headless or set JAVA_HOME to a newer JDK"
        )
    return java


def find_maven() -> str:
    """The ``mvn`` that builds the launcher, or an error saying how to get one."""
    maven = shutil.which("mvn")
    if not maven:
        raise KgNeo4jError(
            "Maven not found on PATH (needed once, to build kg's Neo4j launcher): "
            "install it (apt-get install maven) and run `kg neo4j install` again"
        )
    return maven


def _maven_reason(output: str) -> str:
    """The first informative ``[ERROR]`` lines of Maven's output (not its boilerplate)."""
    errors = [
        re.sub(r"\x1b\[[0-9;]*m", "", line).replace("[ERROR]", "").strip()
        for line in output.splitlines()
        if "[ERROR]" in line
    ]
    useful = [
        line
        for line in errors
        if line and "Help 1" not in line and not line.startswith(("For more", "Re-run", "To see"))
    ]
    return " | ".join(useful[:3])[:500] or "no error message"


def install(root: Path | None = None, log: Callable[[str], None] = lambda _: None) -> Installation:
    """The launcher for the current sources, built with Maven unless already cached."""
    target = installation(root)
    find_java()
    if target.complete:
        return target
    maven = find_maven()
    log(f"building the Neo4j {target.version} launcher with Maven into {target.path} (first use only)…")
    started = time.monotonic()
    target.path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="build-", dir=target.path.parent) as scratch:
        project = Path(scratch) / "launcher"
        shutil.copytree(LAUNCHER_PROJECT, project, ignore=shutil.ignore_patterns("target"))
        result = subprocess.run(
            [maven, "-q", "-B", "--no-transfer-progress", "-f", str(project / "pom.xml"), "package"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise KgNeo4jError(
                f"Maven could not build the Neo4j launcher (exit {result.returncode}): "
                f"{_maven_reason(result.stdout + result.stderr)}; "
                "check that Maven Central is reachable, then run `kg neo4j install` again"
            )
        staged = Path(scratch) / "install"
        staged.mkdir()
        shutil.move(project / "target" / JAR_NAME, staged / JAR_NAME)
        shutil.move(project / "target" / "lib", staged / "lib")
        if target.path.exists():
            shutil.rmtree(target.path)
        staged.rename(target.path)
    seconds = time.monotonic() - started
    log(f"built in {seconds:.1f} s")
    return Installation(target.path, target.version, built_seconds=seconds)
