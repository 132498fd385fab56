# Runs the fidelity cases (JSON on stdin) through pymssql or pyodbc (FreeTDS ODBC) and prints per case the error number or the rows as text.
import json, re, sys

client, host, port, user, password = sys.argv[1:6]
cases = json.load(sys.stdin)
out = {}
if client == 'pymssql':
    import pymssql
    conn = pymssql.connect(server=host, port=int(port), user=user, password=password, database='Analytics', tds_version='7.3')
    errors = (pymssql.Error,)
    def number(e):
        return e.args[0] if e.args and isinstance(e.args[0], int) else None
else:
    import pyodbc
    conn = pyodbc.connect(f'DRIVER={{FreeTDS}};SERVER={host};PORT={port};UID={user};PWD={password};DATABASE=Analytics;TDS_Version=7.4')
    errors = (pyodbc.Error,)
    def number(e):
        m = re.search(r'\((\d+)\)', str(e.args[1] if len(e.args) > 1 else e))
        return int(m.group(1)) if m else None
for case in cases:
    cur = conn.cursor()
    try:
        cur.execute(case['sql'])
        sets = []
        while True:
            if cur.description:
                sets.append([[None if v is None else str(v) for v in row] for row in cur.fetchall()])
            if not cur.nextset():
                break
        out[case['id']] = {'rows': sets[case.get('result', 0)] if len(sets) > case.get('result', 0) else []}
    except errors as e:
        out[case['id']] = {'error': number(e)}
        try:
            conn.rollback()
        except errors:
            pass
    finally:
        try:
            cur.close()
        except errors:
            pass
print(json.dumps(out))
