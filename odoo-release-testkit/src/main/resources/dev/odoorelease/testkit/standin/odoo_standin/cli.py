# -*- coding: utf-8 -*-
"""Entry point: the commands of odoo-bin (odoo/cli/command.py)."""
import sys

from . import conf
from .conf import config
from .neutralize import neutralize_main
from .release import SERIES
from .server import server_main

# ------------------------------------------------------------------------------------------------
# Entry point (odoo/cli/command.py)
# ------------------------------------------------------------------------------------------------
COMMANDS = {'server': server_main, 'neutralize': neutralize_main}


def main():
    args = sys.argv[1:]
    if len(args) > 1 and args[0].startswith('--addons-path=') and not args[1].startswith('-'):
        config['addons_path'] = args[0].split('=', 1)[1]
        args = args[1:]
    command = 'server'
    if args and not args[0].startswith('-'):
        command = args[0]
        args = args[1:]
    if command == 'help':
        print("Odoo Version %s" % SERIES)
        print("Usage: %s [--addons-path=PATH,...] <command> [options]\n\nAvailable commands:" % conf.PROG)
        print("    neutralize   Neutralize a production database for testing: no emails sent, etc.")
        print("    server       Start the odoo server (default command)")
        sys.exit(0)
    if command not in COMMANDS:
        sys.exit("Unknown command %r" % (command,))
    COMMANDS[command](args)
