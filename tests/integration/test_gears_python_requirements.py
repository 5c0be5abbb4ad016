"""REQUIREMENTS of RG.PYEXECUTE, RG.PYDUMPREQS, RG.PYEXPORTREQ and RG.PYIMPORTREQ (spec §1, §5).

This machine has no package index: pip installs from a folder holding a wheel the test writes
itself (Gears config PythonWheelsDir), into a virtual environment under PythonInstallationDir."""
import base64
import hashlib
import zipfile

import pytest
import redis

from test_gears_python import gears, py  # noqa: F401 (gears is the fixture)

SCRIPT = "import hgtestpkg\nGB('ShardsIDReader').map(lambda x: hgtestpkg.VALUE).run()"


def write_wheel(folder, name='hgtestpkg', version='1.0'):
    """A minimal pure-Python wheel: {name}/__init__.py defines VALUE = 42."""
    info = '%s-%s.dist-info' % (name, version)
    files = {
        name + '/__init__.py': b'VALUE = 42\n',
        info + '/METADATA': ('Metadata-Version: 2.1\nName: %s\nVersion: %s\n' % (name, version)).encode(),
        info + '/WHEEL': b'Wheel-Version: 1.0\nGenerator: hotgears-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
    }
    record = ''
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
        record += '%s,sha256=%s,%d\n' % (path, digest, len(data))
    files[info + '/RECORD'] = (record + info + '/RECORD,,\n').encode()
    wheel = folder / ('%s-%s-py3-none-any.whl' % (name, version))
    with zipfile.ZipFile(wheel, 'w') as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return wheel.name


def configure(client, tmp_path, wheels, installation):
    client.execute_command('RG.CONFIGSET', 'PythonWheelsDir', str(wheels), 'PythonInstallationDir', str(tmp_path / installation))


def fields(metadata):
    return dict(zip(metadata[::2], metadata[1::2]))


def test_requirements_are_installed_dumped_exported_and_imported(gears, new_client, tmp_path):
    wheels = tmp_path / 'wheels'
    wheels.mkdir()
    wheel = write_wheel(wheels)
    configure(gears, tmp_path, wheels, 'python')

    assert py(gears, SCRIPT, 'ID', 'with-reqs', 'REQUIREMENTS', 'hgtestpkg') == [['42'], []]
    (requirement,) = [fields(r) for r in gears.execute_command('RG.PYDUMPREQS')]
    assert requirement['Name'] == 'hgtestpkg'
    assert requirement['IsInstalled'] == 'yes' and requirement['Wheels'] == [wheel]
    assert len(gears.execute_command('RG.PYDUMPREQS')[0]) == 18

    with pytest.raises(redis.ResponseError, match='Could not satisfy requirements, look at the log file for more information.'):
        py(gears, "GB('ShardsIDReader').run()", 'REQUIREMENTS', 'nosuchpackage')
    assert gears.ping()

    raw = new_client(decode_responses=False)
    metadata, chunks = raw.execute_command('RG.PYEXPORTREQ', 'hgtestpkg')
    assert fields(metadata)[b'Name'] == b'hgtestpkg' and chunks
    with pytest.raises(redis.ResponseError, match='requirement does not exists'):
        raw.execute_command('RG.PYEXPORTREQ', 'nosuchpackage')

    # A fresh environment and no wheels to download: the import alone makes the package available.
    empty = tmp_path / 'empty'
    empty.mkdir()
    configure(gears, tmp_path, empty, 'python2')
    assert raw.execute_command('RG.PYIMPORTREQ', *chunks) == b'OK'
    assert list((tmp_path / 'python2' / 'venv').glob('lib/python3*/site-packages/hgtestpkg/__init__.py'))
    assert py(gears, SCRIPT, 'REQUIREMENTS', 'hgtestpkg') == [['42'], []]
    with pytest.raises(redis.ResponseError, match='Bad serialized requirement'):
        raw.execute_command('RG.PYIMPORTREQ', b'not a requirement')
