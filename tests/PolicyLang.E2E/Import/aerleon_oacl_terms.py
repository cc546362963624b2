"""Aerleon's aclgen, run as `python3 -m aerleon.aclgen` runs it, that also says which term each OpenConfig entry comes from.

Aerleon's openconfig generator (and sonic, its subclass) writes no term name into its JSON: an acl-entry carries only a
sequence-id, five times its place among all entries of the policy file. This wrapper records, for every call of
openconfig.Term.ConvertToDict (one per term and address family, in the order the entries are written), the term's name,
the family and how many entries it returned, and writes that list to oacl-terms.json in the output directory. It changes
nothing aclgen writes. Used by OpenConfigAclReader.cs (tests/PolicyLang.E2E/Import).
"""

import atexit
import json
import os

from absl import flags

from aerleon import aclgen
from aerleon.lib import openconfig

_calls = []
_convert = openconfig.Term.ConvertToDict


def _recording(self, filter_options):
    rules = _convert(self, filter_options)
    _calls.append({'term': self.term.name, 'family': self.inet_version, 'entries': len(rules)})
    return rules


openconfig.Term.ConvertToDict = _recording


def _write():
    out = flags.FLAGS.output_directory if flags.FLAGS.is_parsed() else None
    if out and os.path.isdir(out):
        with open(os.path.join(out, 'oacl-terms.json'), 'w') as f:
            json.dump(_calls, f, indent=1)


atexit.register(_write)

if __name__ == '__main__':
    aclgen.EntryPoint()
