"""An emulator of the union's 1C:Enterprise registry: OData, SOAP, realistic data and faults.

Run it with ``gateway emulator-1c`` or ``python -m adapters.onec.emulator``; embed it with
:func:`adapters.onec.emulator.server.build_server`.
"""
