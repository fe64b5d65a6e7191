<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="es_CO">
<context>
    <name>MainWindow</name>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Cuentas</translation>
    </message>
    <message>
        <source>Pipeline</source>
        <translation>Embudo</translation>
    </message>
    <message>
        <source>Quotes</source>
        <translation>Cotizaciones</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Informes</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>CRM de campo — {0}</source>
        <translation>CRM de campo — {0}</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting to sync</source>
        <translation><numerusform>%n cambio pendiente de sincronizar</numerusform><numerusform>%n cambios pendientes de sincronizar</numerusform></translation>
    </message>
</context>
</TS>