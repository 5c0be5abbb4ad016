"""RG.DUMPPLUGINS and RG.NETWORKTEST (spec §1.2)."""


def test_dumpplugins_lists_the_language_plugins(rs):
    plugins = rs.execute_command('RG.DUMPPLUGINS')
    assert ['GearsPythonPlugin', 10000] in plugins
    assert ['GearsCSharpPlugin', 10000] in plugins


def test_networktest_replies_ok(rs):
    assert rs.execute_command('RG.NETWORKTEST') == 'OK'
