"""Makes the files of this folder: a tally Arrow file (base.arrow, from `tally generate --events 5 -o base.arrow`)
rewritten by pyarrow the way a user's script would, keeping the schema's metadata (so its tally checksum) but
changing the schema. Run with the interop venv's python (it has pyarrow): python make_rewritten.py base.arrow
"""
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

source = sys.argv[1]
table = ipc.open_file(source).read_all()
meta = table.schema.metadata


def write(name, t):
    with ipc.new_file(name, t.schema.with_metadata(meta)) as w:
        w.write_table(t.replace_schema_metadata(meta))


# The union timestamp becomes a plain int64 (what a cast or pandas round trip makes of it).
ts = table.column("timestamp")
ints = pa.chunked_array([c.field(0) for c in ts.chunks], type=pa.int64())
i = table.schema.get_field_index("timestamp")
write("timestamp-int64.arrow", table.set_column(i, pa.field("timestamp", pa.int64(), nullable=False), ints))

# An extra column appended at the end.
write("extra-column.arrow", table.append_column("extra", pa.array(range(table.num_rows), pa.int64())))

# The event names decoded from their dictionary to plain strings.
names = table.column("event_name").cast(pa.string())
j = table.schema.get_field_index("event_name")
write("event-name-plain.arrow", table.set_column(j, pa.field("event_name", pa.string(), nullable=False), names))
