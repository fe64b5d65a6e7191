<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="es_CO">
<context>
    <name>AcceptSignedDialog</name>
    <message>
        <source>Accept with signature · quote {0}</source>
        <translation>Aceptar con firma · cotización {0}</translation>
    </message>
    <message>
        <source>{0} accepts quote {1}, revision {2}, for {3}.</source>
        <translation>{0} acepta la cotización {1}, revisión {2}, por {3}.</translation>
    </message>
    <message>
        <source>Accept and sign</source>
        <translation>Aceptar y firmar</translation>
    </message>
    <message>
        <source>Sign here</source>
        <translation>Firme aquí</translation>
    </message>
    <message>
        <source>Client's signature</source>
        <translation>Firma del cliente</translation>
    </message>
    <message>
        <source>Undo stroke</source>
        <translation>Deshacer trazo</translation>
    </message>
    <message>
        <source>Redo stroke</source>
        <translation>Rehacer trazo</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>Citizen id card (CC)</source>
        <translation>Cédula de ciudadanía (CC)</translation>
    </message>
    <message>
        <source>Foreigner id card (CE)</source>
        <translation>Cédula de extranjería (CE)</translation>
    </message>
    <message>
        <source>NIT</source>
        <translation>NIT</translation>
    </message>
    <message>
        <source>DNI</source>
        <translation>DNI</translation>
    </message>
    <message>
        <source>CUIT / CUIL</source>
        <translation>CUIT / CUIL</translation>
    </message>
    <message>
        <source>RUT</source>
        <translation>RUT</translation>
    </message>
    <message>
        <source>Passport</source>
        <translation>Pasaporte</translation>
    </message>
    <message>
        <source>Name of who signs</source>
        <translation>Nombre de quien firma</translation>
    </message>
    <message>
        <source>Id type</source>
        <translation>Tipo de documento</translation>
    </message>
    <message>
        <source>Id number</source>
        <translation>Número de documento</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>Fecha y hora</translation>
    </message>
    <message>
        <source>The client has not signed yet.</source>
        <translation>El cliente aún no ha firmado.</translation>
    </message>
</context>
<context>
    <name>AccountForm</name>
    <message>
        <source>The four-digit code of the activity in DANE's CIIU Rev. 4 A.C. classification (dane.gov.co); the program keeps the code.</source>
        <translation>El código de cuatro dígitos de la actividad en la clasificación CIIU Rev. 4 A.C. del DANE (dane.gov.co); el programa guarda el código.</translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation>(nadie)</translation>
    </message>
    <message>
        <source>Consents to data processing</source>
        <translation>Autoriza el tratamiento de datos</translation>
    </message>
    <message>
        <source>Consents to marketing</source>
        <translation>Autoriza comunicaciones comerciales</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Legal name</source>
        <translation>Razón social</translation>
    </message>
    <message>
        <source>Trade name</source>
        <translation>Nombre comercial</translation>
    </message>
    <message>
        <source>Tax id kind</source>
        <translation>Tipo de identificación</translation>
    </message>
    <message>
        <source>Tax id</source>
        <translation>NIT / identificación</translation>
    </message>
    <message>
        <source>Economic activity (CIIU)</source>
        <translation>Actividad económica (CIIU)</translation>
    </message>
    <message>
        <source>Employees</source>
        <translation>Empleados</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>Representante legal</translation>
    </message>
    <message>
        <source>Vision</source>
        <translation>Visión</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ciudad</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Correo</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Sitio web</translation>
    </message>
    <message>
        <source>Life-cycle phase</source>
        <translation>Fase del ciclo de vida</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segmento</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
</context>
<context>
    <name>AccountSales</name>
    <message>
        <source>Opportunity</source>
        <translation>Oportunidad</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>Probabilidad</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>Cierre esperado</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>Cotización</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Válida hasta</translation>
    </message>
</context>
<context>
    <name>AccountTableModel</name>
    <message>
        <source>Legal name</source>
        <translation>Razón social</translation>
    </message>
    <message>
        <source>Trade name</source>
        <translation>Nombre comercial</translation>
    </message>
    <message>
        <source>Tax id</source>
        <translation>NIT / identificación</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ciudad</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Fase</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segmento</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>RFM score</source>
        <translation>Puntaje RFM</translation>
    </message>
    <message>
        <source>Value segment</source>
        <translation>Segmento de valor</translation>
    </message>
</context>
<context>
    <name>AccountView</name>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Record visit</source>
        <translation>Registrar visita</translation>
    </message>
    <message>
        <source>Log call</source>
        <translation>Registrar llamada</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Agregar nota</translation>
    </message>
    <message>
        <source>New opportunity</source>
        <translation>Nueva oportunidad</translation>
    </message>
    <message>
        <source>Attachments…</source>
        <translation>Adjuntos…</translation>
    </message>
    <message>
        <source>Data-subject rights…</source>
        <translation>Derechos del titular…</translation>
    </message>
    <message>
        <source>For a company, choose the person in the Contacts tab.</source>
        <translation>Para una empresa, elija a la persona en la pestaña Contactos.</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Datos</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Contactos</translation>
    </message>
    <message>
        <source>Products owned</source>
        <translation>Productos que tiene</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Ventas</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Guardar los cambios</translation>
    </message>
    <message>
        <source>Save products owned</source>
        <translation>Guardar productos que tiene</translation>
    </message>
    <message>
        <source>Owner: %1</source>
        <translation>Responsable: %1</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>nadie</translation>
    </message>
    <message>
        <source>Phase: %1</source>
        <translation>Fase: %1</translation>
    </message>
    <message>
        <source>CIIU activity %1</source>
        <translation>Actividad CIIU %1</translation>
    </message>
    <message>
        <source>CIIU: the economic activity's code in DANE's CIIU Rev. 4 A.C. classification; look its name up at dane.gov.co.</source>
        <translation>CIIU: el código de la actividad económica en la clasificación CIIU Rev. 4 A.C. del DANE; consulte su nombre en dane.gov.co.</translation>
    </message>
    <message>
        <source>Value: no purchases yet</source>
        <translation>Valor: aún sin compras</translation>
    </message>
    <message numerus="yes">
        <source>Value: %1 · RFM %2 (R %3 · F %4 · M %5) · %n purchase(s), last %6 days ago</source>
        <translation><numerusform>Valor: %1 · RFM %2 (R %3 · F %4 · M %5) · %n compra, la última hace %6 días</numerusform><numerusform>Valor: %1 · RFM %2 (R %3 · F %4 · M %5) · %n compras, la última hace %6 días</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Timeline (%n)</source>
        <translation><numerusform>Historial (%n)</numerusform><numerusform>Historial (%n)</numerusform></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
    <message>
        <source>Not saved: correct the fields marked in red.</source>
        <translation>No se guardó: corrija los campos marcados en rojo.</translation>
    </message>
    <message numerus="yes">
        <source>Saved: %n product(s) owned.</source>
        <translation><numerusform>Guardado: tiene %n producto.</numerusform><numerusform>Guardado: tiene %n productos.</numerusform></translation>
    </message>
</context>
<context>
    <name>AccountsExport</name>
    <message>
        <source>accounts</source>
        <translation>cuentas</translation>
    </message>
    <message>
        <source>Export accounts</source>
        <translation>Exportar cuentas</translation>
    </message>
    <message>
        <source>Exporting accounts…</source>
        <translation>Exportando cuentas…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Export cancelled: no file was written.</source>
        <translation>Exportación cancelada: no se escribió ningún archivo.</translation>
    </message>
    <message>
        <source>The file could not be written: {0}</source>
        <translation>No se pudo escribir el archivo: {0}</translation>
    </message>
</context>
<context>
    <name>AccountsPage</name>
    <message>
        <source>Search by name, tax id, city, contact… (Ctrl+F)</source>
        <translation>Buscar por nombre, NIT, ciudad, contacto… (Ctrl+F)</translation>
    </message>
    <message>
        <source>New account…</source>
        <translation>Nueva cuenta…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Every account of this search and filters, in this order, as CSV or Excel</source>
        <translation>Todas las cuentas de esta búsqueda y estos filtros, en este orden, como CSV o Excel</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Todos los tipos</translation>
    </message>
    <message>
        <source>All roles</source>
        <translation>Todos los roles</translation>
    </message>
    <message>
        <source>All segments</source>
        <translation>Todos los segmentos</translation>
    </message>
    <message>
        <source>All value segments</source>
        <translation>Todos los segmentos de valor</translation>
    </message>
    <message>
        <source>All phases</source>
        <translation>Todas las fases</translation>
    </message>
    <message>
        <source>All cities</source>
        <translation>Todas las ciudades</translation>
    </message>
    <message>
        <source>Everyone's accounts</source>
        <translation>Cuentas de todos</translation>
    </message>
    <message>
        <source>Double-click an account (or press Enter) to open it here.</source>
        <translation>Haga doble clic en una cuenta (o pulse Intro) para abrirla aquí.</translation>
    </message>
    <message>
        <source>Filters:</source>
        <translation>Filtros:</translation>
    </message>
    <message numerus="yes">
        <source>%n account(s)</source>
        <translation><numerusform>%n cuenta</numerusform><numerusform>%n cuentas</numerusform></translation>
    </message>
    <message>
        <source>The account view is not available yet.</source>
        <translation>La vista de la cuenta aún no está disponible.</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <source>New account…</source>
        <translation>Nueva cuenta…</translation>
    </message>
    <message>
        <source>Import from a spreadsheet…</source>
        <translation>Importar desde una hoja de cálculo…</translation>
    </message>
    <message>
        <source>Import contacts from vCard…</source>
        <translation>Importar contactos de vCard…</translation>
    </message>
    <message>
        <source>Export contacts as vCard…</source>
        <translation>Exportar contactos como vCard…</translation>
    </message>
    <message>
        <source>Export visits as iCalendar…</source>
        <translation>Exportar visitas como iCalendar…</translation>
    </message>
    <message>
        <source>Duplicate accounts…</source>
        <translation>Cuentas duplicadas…</translation>
    </message>
    <message>
        <source>Data-subject requests (audit log)…</source>
        <translation>Solicitudes de los titulares (registro de auditoría)…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
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
        <source>Campaigns</source>
        <translation>Campañas</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Find an account</source>
        <translation>Buscar una cuenta</translation>
    </message>
    <message>
        <source>Record a visit…</source>
        <translation>Registrar una visita…</translation>
    </message>
    <message>
        <source>Log a call…</source>
        <translation>Registrar una llamada…</translation>
    </message>
    <message>
        <source>Open the selected account</source>
        <translation>Abrir la cuenta seleccionada</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;Ir</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Cuenta</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
</context>
<context>
    <name>AlertController</name>
    <message>
        <source>Follow-up due: {0}</source>
        <translation>Seguimiento pendiente: {0}</translation>
    </message>
    <message>
        <source>Follow-ups due</source>
        <translation>Seguimientos pendientes</translation>
    </message>
    <message numerus="yes">
        <source>%n more in Today</source>
        <translation><numerusform>%n más en Hoy</numerusform><numerusform>%n más en Hoy</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n follow-up(s) overdue, see Today</source>
        <translation><numerusform>%n seguimiento vencido, vea Hoy</numerusform><numerusform>%n seguimientos vencidos, vea Hoy</numerusform></translation>
    </message>
</context>
<context>
    <name>AttachmentsDialog</name>
    <message>
        <source>Attachments</source>
        <translation>Adjuntos</translation>
    </message>
</context>
<context>
    <name>CalendarAddressBox</name>
    <message>
        <source>My calendar in Outlook or Google</source>
        <translation>Mi calendario en Outlook o Google</translation>
    </message>
    <message>
        <source>Your planned visits and open reminders, at an address your calendar program subscribes to. Anyone with the address sees them: a new address stops the old one. It is shown only once: copy it now.</source>
        <translation>Sus visitas planeadas y recordatorios abiertos, en una dirección a la que se suscribe su programa de calendario. Quien tenga la dirección los ve: una dirección nueva detiene la anterior. Se muestra una sola vez: cópiela ahora.</translation>
    </message>
    <message>
        <source>New address</source>
        <translation>Dirección nueva</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Stop the address</source>
        <translation>Detener la dirección</translation>
    </message>
    <message>
        <source>Sign in to the server first (the sync button).</source>
        <translation>Primero inicie sesión en el servidor (el botón de sincronizar).</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Consultando al servidor…</translation>
    </message>
    <message>
        <source>Your calendar address; the previous one no longer works.</source>
        <translation>Su dirección de calendario; la anterior ya no funciona.</translation>
    </message>
    <message>
        <source>The address was stopped: calendars subscribed to it get nothing more.</source>
        <translation>La dirección se detuvo: los calendarios suscritos a ella ya no reciben nada.</translation>
    </message>
    <message>
        <source>The server said: {0}</source>
        <translation>El servidor respondió: {0}</translation>
    </message>
    <message>
        <source>Copied: paste it in your calendar program.</source>
        <translation>Copiada: péguela en su programa de calendario.</translation>
    </message>
</context>
<context>
    <name>CallDialog</name>
    <message>
        <source>Log a call</source>
        <translation>Registrar una llamada</translation>
    </message>
    <message>
        <source>(nobody in particular)</source>
        <translation>(nadie en particular)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Respuesta</translation>
    </message>
    <message>
        <source>Call back on</source>
        <translation>Volver a llamar el</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Asunto</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duración</translation>
    </message>
    <message>
        <source>Choose a time after now.</source>
        <translation>Elija una hora posterior a ahora.</translation>
    </message>
</context>
<context>
    <name>CampaignMembers</name>
    <message>
        <source>Visit</source>
        <translation>Visita</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Rep</source>
        <translation>Vendedor</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Respuesta</translation>
    </message>
</context>
<context>
    <name>CampaignPlan</name>
    <message>
        <source>Visit</source>
        <translation>Visita</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Llamada</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Correo</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Planeada</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activa</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Cerrada</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelada</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Concepto</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Valor</translation>
    </message>
</context>
<context>
    <name>CampaignsPage</name>
    <message>
        <source>Campaign</source>
        <translation>Campaña</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>Termina</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Miembros</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Costo</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>Nueva campaña</translation>
    </message>
    <message>
        <source>Plan and costs</source>
        <translation>Plan y costos</translation>
    </message>
    <message>
        <source>Target list</source>
        <translation>Lista objetivo</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Correo</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Retorno</translation>
    </message>
    <message>
        <source>Save the campaign first, then add its members.</source>
        <translation>Guarde primero la campaña y luego agregue sus miembros.</translation>
    </message>
    <message>
        <source>Unsubscribe</source>
        <translation>Dar de baja</translation>
    </message>
    <message>
        <source>The account's marketing consent is withdrawn and its unsent campaign e-mail dropped. Go ahead?</source>
        <translation>Se retira el consentimiento de mercadeo de la cuenta y se descarta su correo de campaña sin enviar. ¿Continuar?</translation>
    </message>
    <message>
        <source>Save the campaign first.</source>
        <translation>Guarde primero la campaña.</translation>
    </message>
    <message>
        <source>E-mail saved.</source>
        <translation>Correo guardado.</translation>
    </message>
    <message>
        <source>Queue the campaign e-mail</source>
        <translation>Poner el correo de la campaña en la bandeja de salida</translation>
    </message>
    <message>
        <source>The e-mail goes into the outbox for every member who consents to marketing and was not contacted yet; once sent it cannot be called back. Go ahead?</source>
        <translation>El correo irá a la bandeja de salida para cada miembro que acepta mercadeo y aún no fue contactado; una vez enviado no se puede recuperar. ¿Continuar?</translation>
    </message>
</context>
<context>
    <name>CardList</name>
    <message>
        <source>Move to %1</source>
        <translation>Pasar a %1</translation>
    </message>
</context>
<context>
    <name>ColumnSteps</name>
    <message>
        <source>Save as preset…</source>
        <translation>Guardar como plantilla…</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>Plantilla:</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>Columna del archivo</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>(do not import)</source>
        <translation>(no importar)</translation>
    </message>
    <message>
        <source>(automatic)</source>
        <translation>(automático)</translation>
    </message>
    <message>
        <source>Save as preset</source>
        <translation>Guardar como plantilla</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nombre:</translation>
    </message>
</context>
<context>
    <name>Conflicts</name>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Visita</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Actividad</translation>
    </message>
    <message>
        <source>Opportunity</source>
        <translation>Oportunidad</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>Cotización</translation>
    </message>
    <message>
        <source>Quote line</source>
        <translation>Línea de cotización</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>Recordatorio</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Producto</translation>
    </message>
    <message>
        <source>Legal name</source>
        <translation>Razón social</translation>
    </message>
    <message>
        <source>Trade name</source>
        <translation>Nombre comercial</translation>
    </message>
    <message>
        <source>Tax id</source>
        <translation>NIT / identificación</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Celular</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Correo</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Sitio web</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ciudad</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segmento</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Nombres</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Apellidos</translation>
    </message>
    <message>
        <source>Job title</source>
        <translation>Cargo</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Asunto</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Propósito</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Siguiente paso</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Número</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regla</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
</context>
<context>
    <name>ConflictsPage</name>
    <message>
        <source>Record</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>On the server</source>
        <translation>En el servidor</translation>
    </message>
    <message>
        <source>On this laptop</source>
        <translation>En este equipo</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Your unsent changes</source>
        <translation>Sus cambios no enviados</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>Keep the server's value</source>
        <translation>Conservar el valor del servidor</translation>
    </message>
    <message>
        <source>Keep my value</source>
        <translation>Conservar mi valor</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Enviar de nuevo</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <source>Why you dismiss it (required)</source>
        <translation>Por qué lo descarta (obligatorio)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Descartar aviso</translation>
    </message>
    <message>
        <source>For a record that can never be stored here (e.g. a quote number already taken): it is no longer listed or counted; who, when and why are kept. A newer version of the record is shown again.</source>
        <translation>Para un registro que nunca podrá guardarse aquí (p. ej., un número de cotización ya usado): deja de listarse y contarse; se guarda quién, cuándo y por qué. Si llega una versión más nueva del registro, se vuelve a mostrar.</translation>
    </message>
    <message>
        <source>You and someone else changed the same thing. The server kept its value; keep it, or put yours back (it will be sent on the next sync).</source>
        <translation>Usted y otra persona cambiaron lo mismo. El servidor conservó su valor; consérvelo o vuelva a poner el suyo (se enviará en la próxima sincronización).</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflictos</translation>
    </message>
    <message>
        <source>The server did not accept these changes. Fix the record, then send it again, or discard the change.</source>
        <translation>El servidor no aceptó estos cambios. Corrija el registro y envíelo de nuevo, o descarte el cambio.</translation>
    </message>
    <message>
        <source>Refused changes</source>
        <translation>Cambios rechazados</translation>
    </message>
    <message>
        <source>This account was reassigned; your unsent changes are here.</source>
        <translation>Esta cuenta fue reasignada; aquí están sus cambios no enviados.</translation>
    </message>
    <message>
        <source>Reassigned accounts</source>
        <translation>Cuentas reasignadas</translation>
    </message>
    <message>
        <source>These records came from the server but could not be stored on this laptop. Everything else synced. They are applied when a newer version, or the record they belong to, arrives. One that never can be, you may dismiss with a reason.</source>
        <translation>Estos registros llegaron del servidor pero no se pudieron guardar en este equipo. Todo lo demás se sincronizó. Se aplicarán cuando llegue una versión más nueva o el registro al que pertenecen. Uno que nunca podrá aplicarse puede descartarlo indicando el motivo.</translation>
    </message>
    <message>
        <source>Could not be applied</source>
        <translation>No se pudo aplicar</translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation>(eliminado)</translation>
    </message>
    <message>
        <source>the whole record</source>
        <translation>el registro completo</translation>
    </message>
    <message>
        <source> (merged with another change, it breaks a rule)</source>
        <translation> (combinado con otro cambio, incumple una regla)</translation>
    </message>
</context>
<context>
    <name>ConflictsWindow</name>
    <message>
        <source>Sync: conflicts and refused changes</source>
        <translation>Sincronización: conflictos y cambios rechazados</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>New contact</source>
        <translation>Nuevo contacto</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Primary contact of the account</source>
        <translation>Contacto principal de la cuenta</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Nombres</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Apellidos</translation>
    </message>
    <message>
        <source>Job title</source>
        <translation>Cargo</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Celular</translation>
    </message>
    <message>
        <source>E-mail address</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>Attachments…</source>
        <translation>Adjuntos…</translation>
    </message>
    <message>
        <source>Photos and documents of this contact (a new one is saved first).</source>
        <translation>Fotos y documentos de este contacto (uno nuevo se guarda primero).</translation>
    </message>
    <message>
        <source>This contact no longer exists.</source>
        <translation>Este contacto ya no existe.</translation>
    </message>
</context>
<context>
    <name>ContactsModel</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Job title</source>
        <translation>Cargo</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>Celular</translation>
    </message>
    <message>
        <source>E-mail address</source>
        <translation>Correo electrónico</translation>
    </message>
</context>
<context>
    <name>ContactsTab</name>
    <message>
        <source>contacts</source>
        <translation>contactos</translation>
    </message>
    <message>
        <source>Add contact…</source>
        <translation>Agregar contacto…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Editar…</translation>
    </message>
    <message>
        <source>Mark primary</source>
        <translation>Marcar como principal</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Call by phone</source>
        <translation>Llamar por teléfono</translation>
    </message>
    <message>
        <source>Send e-mail</source>
        <translation>Enviar correo</translation>
    </message>
    <message>
        <source>Log call…</source>
        <translation>Registrar llamada…</translation>
    </message>
    <message>
        <source>Data-subject rights…</source>
        <translation>Derechos del titular…</translation>
    </message>
    <message>
        <source>Delete the contact %1?</source>
        <translation>¿Eliminar el contacto %1?</translation>
    </message>
</context>
<context>
    <name>ContentDownload</name>
    <message>
        <source>This file has not arrived from the server yet, and this laptop is not connected to a server: sign in to sync to receive it.</source>
        <translation>Este archivo aún no ha llegado del servidor y este portátil no está conectado a ningún servidor: inicie sesión para sincronizar y recibirlo.</translation>
    </message>
    <message>
        <source>Downloading “%1” from the server…</source>
        <translation>Descargando «%1» del servidor…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Adjuntos</translation>
    </message>
    <message>
        <source>Download stopped. What came is kept: the next try goes on from there.</source>
        <translation>Descarga detenida. Lo recibido se conserva: el próximo intento sigue desde ahí.</translation>
    </message>
    <message>
        <source>This file has not arrived from the server yet, and the server cannot be reached now (no network?). It opens once you are online: try again then.</source>
        <translation>Este archivo aún no ha llegado del servidor y ahora no se puede contactar con el servidor (¿sin red?). Se abrirá cuando tenga conexión: inténtelo de nuevo entonces.</translation>
    </message>
    <message>
        <source>Sign in to the server (Sync now) to download this file.</source>
        <translation>Inicie sesión en el servidor (Sincronizar ahora) para descargar este archivo.</translation>
    </message>
    <message>
        <source>The server does not let you read this file.</source>
        <translation>El servidor no le permite leer este archivo.</translation>
    </message>
    <message>
        <source>The server does not have this file yet: the laptop that attached it has not sent it. It comes with a later sync.</source>
        <translation>El servidor aún no tiene este archivo: el portátil que lo adjuntó no lo ha enviado. Llegará con una sincronización posterior.</translation>
    </message>
    <message>
        <source>The file that came does not match its hash and was discarded. Try again.</source>
        <translation>El archivo recibido no coincide con su huella (hash) y se descartó. Inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The file could not be downloaded (%1).</source>
        <translation>No se pudo descargar el archivo (%1).</translation>
    </message>
</context>
<context>
    <name>CostsTab</name>
    <message>
        <source>Product</source>
        <translation>Producto</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Costo</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Hasta</translation>
    </message>
    <message>
        <source>What each product costs us, period by period. A quote line keeps the cost of its quote's day. Only managers change costs; a rep sees them only if an administrator allows it.</source>
        <translation>Lo que nos cuesta cada producto, periodo por periodo. Una línea de cotización conserva el costo del día de su cotización. Solo los gerentes cambian costos; un vendedor los ve solo si un administrador lo permite.</translation>
    </message>
    <message>
        <source>Cost (COP)</source>
        <translation>Costo (COP)</translation>
    </message>
    <message>
        <source>No end</source>
        <translation>Sin fin</translation>
    </message>
    <message>
        <source>Add cost</source>
        <translation>Agregar costo</translation>
    </message>
    <message>
        <source>End the selected cost on</source>
        <translation>Terminar el costo elegido el</translation>
    </message>
    <message>
        <source>from</source>
        <translation>desde</translation>
    </message>
    <message>
        <source>to</source>
        <translation>a</translation>
    </message>
    <message>
        <source>Choose the product.</source>
        <translation>Elija el producto.</translation>
    </message>
    <message>
        <source>Write the cost, for example 350.000.</source>
        <translation>Escriba el costo, por ejemplo 350.000.</translation>
    </message>
    <message>
        <source>Choose the cost to end in the table.</source>
        <translation>Elija en la tabla el costo que termina.</translation>
    </message>
</context>
<context>
    <name>DuplicateAccounts</name>
    <message>
        <source>Legal name</source>
        <translation>Razón social</translation>
    </message>
    <message>
        <source>Trade name</source>
        <translation>Nombre comercial</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Tax id kind</source>
        <translation>Tipo de identificación</translation>
    </message>
    <message>
        <source>Tax id</source>
        <translation>NIT / identificación</translation>
    </message>
    <message>
        <source>Economic activity</source>
        <translation>Actividad económica (CIIU)</translation>
    </message>
    <message>
        <source>Employees</source>
        <translation>Empleados</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>Representante legal</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ciudad</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Departamento</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>País</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Correo</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Sitio web</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Fase</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segmento</translation>
    </message>
    <message>
        <source>Price list</source>
        <translation>Lista de precios</translation>
    </message>
    <message>
        <source>Vision</source>
        <translation>Visión</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>Data processing consent</source>
        <translation>Consentimiento de tratamiento de datos</translation>
    </message>
    <message>
        <source>Data consent date</source>
        <translation>Fecha del consentimiento de datos</translation>
    </message>
    <message>
        <source>Marketing consent</source>
        <translation>Consentimiento de mercadeo</translation>
    </message>
    <message>
        <source>Marketing consent date</source>
        <translation>Fecha del consentimiento de mercadeo</translation>
    </message>
</context>
<context>
    <name>DuplicateAccountsDialog</name>
    <message>
        <source>Duplicate accounts</source>
        <translation>Cuentas duplicadas</translation>
    </message>
    <message>
        <source>Accounts with the same tax id, created by reps who did not know of each other. Choose the account that stays and, for each field that differs, the value it keeps: it receives every contact, visit, activity, opportunity, quote and reminder of the other, which remains as “merged into”.</source>
        <translation>Cuentas con el mismo NIT, creadas por representantes que no sabían el uno del otro. Elija la cuenta que se queda y, en cada campo que difiere, el valor que conserva: recibe todos los contactos, visitas, actividades, oportunidades, cotizaciones y recordatorios de la otra, que queda como «fusionada en».</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Fusionar</translation>
    </message>
    <message>
        <source>They are different companies</source>
        <translation>Son empresas distintas</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>The account that stays:</source>
        <translation>La cuenta que se queda:</translation>
    </message>
    <message>
        <source>Asking the server…</source>
        <translation>Consultando al servidor…</translation>
    </message>
    <message>
        <source>Tax id {0}: sync this laptop to see both accounts</source>
        <translation>NIT {0}: sincronice este equipo para ver ambas cuentas</translation>
    </message>
    <message numerus="yes">
        <source>%n pair(s) of duplicate accounts.</source>
        <translation><numerusform>%n par de cuentas duplicadas.</numerusform><numerusform>%n pares de cuentas duplicadas.</numerusform></translation>
    </message>
    <message>
        <source>No duplicate accounts: nothing to merge.</source>
        <translation>No hay cuentas duplicadas: nada que fusionar.</translation>
    </message>
    <message>
        <source>The server said: {0}</source>
        <translation>El servidor respondió: {0}</translation>
    </message>
    <message numerus="yes">
        <source>{0} — {1}, %n contact(s)</source>
        <translation><numerusform>{0} — {1}, %n contacto</numerusform><numerusform>{0} — {1}, %n contactos</numerusform></translation>
    </message>
    <message>
        <source>no rep</source>
        <translation>sin representante</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Merge the accounts</source>
        <translation>Fusionar las cuentas</translation>
    </message>
    <message>
        <source>“{0}” will receive everything of “{1}”, which remains as merged into it. Every laptop follows at its next sync. Merge?</source>
        <translation>«{0}» recibirá todo lo de «{1}», que quedará como fusionada en ella. Cada equipo lo sigue en su próxima sincronización. ¿Fusionar?</translation>
    </message>
    <message>
        <source>Merging…</source>
        <translation>Fusionando…</translation>
    </message>
    <message numerus="yes">
        <source>Merged: %n record(s) moved to the account that stays.</source>
        <translation><numerusform>Fusionadas: %n registro pasó a la cuenta que se queda.</numerusform><numerusform>Fusionadas: %n registros pasaron a la cuenta que se queda.</numerusform></translation>
    </message>
</context>
<context>
    <name>FieldErrors</name>
    <message>
        <source>It could not be done: %1</source>
        <translation>No se pudo hacer: %1</translation>
    </message>
</context>
<context>
    <name>FileSteps</name>
    <message>
        <source>Choose a file…</source>
        <translation>Elegir un archivo…</translation>
    </message>
    <message>
        <source>Undo this import</source>
        <translation>Deshacer esta importación</translation>
    </message>
    <message>
        <source>Earlier imports:</source>
        <translation>Importaciones anteriores:</translation>
    </message>
    <message>
        <source>Only a manager changes the catalog.</source>
        <translation>Solo un gerente cambia el catálogo.</translation>
    </message>
    <message>
        <source>What to import:</source>
        <translation>Qué importar:</translation>
    </message>
    <message>
        <source>Choose a CSV or Excel (.xlsx) file with one account per line; lines with the same tax id add more contacts to that account.</source>
        <translation>Elija un archivo CSV o de Excel (.xlsx) con una cuenta por línea; las líneas con el mismo NIT agregan más contactos a esa cuenta.</translation>
    </message>
    <message>
        <source>Choose a CSV or Excel (.xlsx) file with one product per line; a product is known by its code.</source>
        <translation>Elija un archivo CSV o Excel (.xlsx) con un producto por línea; cada producto se reconoce por su código.</translation>
    </message>
    <message>
        <source>Choose a CSV or Excel (.xlsx) file with one price per line: the list's name, the product's code and its price; a list not here yet is created.</source>
        <translation>Elija un archivo CSV o Excel (.xlsx) con un precio por línea: el nombre de la lista, el código del producto y su precio; una lista que aún no existe se crea.</translation>
    </message>
    <message>
        <source>Choose a CSV or Excel (.xlsx) file with one opportunity per line; its account is found by its NIT or its name.</source>
        <translation>Elija un archivo CSV o Excel (.xlsx) con una oportunidad por línea; su cuenta se busca por su NIT o su nombre.</translation>
    </message>
    <message>
        <source>An account already here (same tax id or e-mail):</source>
        <translation>Una cuenta que ya existe (mismo NIT o correo):</translation>
    </message>
    <message>
        <source>A product already here (same code):</source>
        <translation>Un producto que ya existe (mismo código):</translation>
    </message>
    <message>
        <source>A price already here (same list and product):</source>
        <translation>Un precio que ya existe (misma lista y producto):</translation>
    </message>
    <message>
        <source>An opportunity already here (same account and name):</source>
        <translation>Una oportunidad que ya existe (misma cuenta y nombre):</translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation>Codificación:</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>Hoja:</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Elegir un archivo</translation>
    </message>
    <message>
        <source>Spreadsheets (*.csv *.txt *.xlsx)</source>
        <translation>Hojas de cálculo (*.csv *.txt *.xlsx)</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>Leyendo el archivo…</translation>
    </message>
    <message>
        <source>Read as {0}, columns separated by “{1}”; the header is line {2}.</source>
        <translation>Leído como {0}, columnas separadas por «{1}»; el encabezado es la línea {2}.</translation>
    </message>
    <message>
        <source>Sheet “{0}”; the header is line {1}.</source>
        <translation>Hoja «{0}»; el encabezado es la línea {1}.</translation>
    </message>
</context>
<context>
    <name>FilesTab</name>
    <message>
        <source>Add file…</source>
        <translation>Agregar archivo…</translation>
    </message>
    <message>
        <source>Paste image</source>
        <translation>Pegar imagen</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Cambiar nombre…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Drop files here, or paste a screenshot (Ctrl+V).</source>
        <translation>Suelte archivos aquí o pegue una captura de pantalla (Ctrl+V).</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>Adjuntar archivos</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>El portapapeles no tiene ninguna imagen.</translation>
    </message>
    <message>
        <source>Screenshot %1.png</source>
        <translation>Captura %1.png</translation>
    </message>
    <message>
        <source>Rename attachment</source>
        <translation>Cambiar nombre del adjunto</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nombre:</translation>
    </message>
    <message>
        <source>Delete “%1”?</source>
        <translation>¿Eliminar «%1»?</translation>
    </message>
    <message>
        <source>Delete attachment</source>
        <translation>Eliminar adjunto</translation>
    </message>
</context>
<context>
    <name>ICalExport</name>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Esta semana</translation>
    </message>
    <message>
        <source>Export visits as iCalendar</source>
        <translation>Exportar visitas como iCalendar</translation>
    </message>
    <message>
        <source>Which days:</source>
        <translation>Qué días:</translation>
    </message>
    <message>
        <source>The file could not be written: {0}</source>
        <translation>No se pudo escribir el archivo: {0}</translation>
    </message>
</context>
<context>
    <name>IdleLock</name>
    <message>
        <source>Locked</source>
        <translation>Bloqueado</translation>
    </message>
    <message>
        <source>Wrong password.</source>
        <translation>Contraseña incorrecta.</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>How the file is read</source>
        <translation>Cómo se lee el archivo</translation>
    </message>
    <message>
        <source>Which column is which field</source>
        <translation>Qué columna va a qué campo</translation>
    </message>
    <message>
        <source>Check every line, then choose</source>
        <translation>Revisar cada línea y elegir</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>Importando</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Terminado</translation>
    </message>
    <message>
        <source>Step {0} of {1}: {2}</source>
        <translation>Paso {0} de {1}: {2}</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
    <message numerus="yes">
        <source>%n new account(s)</source>
        <translation><numerusform>%n cuenta nueva</numerusform><numerusform>%n cuentas nuevas</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n new record(s)</source>
        <translation><numerusform>%n registro nuevo</numerusform><numerusform>%n registros nuevos</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n to update</source>
        <translation><numerusform>%n para actualizar</numerusform><numerusform>%n para actualizar</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n to skip</source>
        <translation><numerusform>%n para omitir</numerusform><numerusform>%n para omitir</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) with problems</source>
        <translation><numerusform>%n línea con problemas</numerusform><numerusform>%n líneas con problemas</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n possible duplicate(s) by name</source>
        <translation><numerusform>%n posible duplicado por nombre</numerusform><numerusform>%n posibles duplicados por nombre</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) created</source>
        <translation><numerusform>%n cuenta creada</numerusform><numerusform>%n cuentas creadas</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) updated</source>
        <translation><numerusform>%n cuenta actualizada</numerusform><numerusform>%n cuentas actualizadas</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s) created</source>
        <translation><numerusform>%n contacto creado</numerusform><numerusform>%n contactos creados</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s) already there</source>
        <translation><numerusform>%n contacto ya estaba</numerusform><numerusform>%n contactos ya estaban</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) skipped</source>
        <translation><numerusform>%n línea omitida</numerusform><numerusform>%n líneas omitidas</numerusform></translation>
    </message>
    <message>
        <source>Import from a spreadsheet</source>
        <translation>Importar desde una hoja de cálculo</translation>
    </message>
    <message>
        <source>What to import, and the file</source>
        <translation>Qué importar, y el archivo</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) created</source>
        <translation><numerusform>%n registro creado</numerusform><numerusform>%n registros creados</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) updated</source>
        <translation><numerusform>%n registro actualizado</numerusform><numerusform>%n registros actualizados</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) with problems not imported</source>
        <translation><numerusform>%n línea con problemas no se importó</numerusform><numerusform>%n líneas con problemas no se importaron</numerusform></translation>
    </message>
</context>
<context>
    <name>InstanceLock</name>
    <message>
        <source>in process %1 on this computer (%2)</source>
        <translation>en el proceso %1 de este equipo (%2)</translation>
    </message>
    <message>
        <source>in another window</source>
        <translation>en otra ventana</translation>
    </message>
    <message>
        <source>The program is already open on this database:</source>
        <translation>El programa ya está abierto con esta base de datos:</translation>
    </message>
    <message>
        <source>It is running %1. Use that window, or close it first.</source>
        <translation>Se está ejecutando %1. Use esa ventana, o ciérrela primero.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Natural person</source>
        <translation>Persona natural</translation>
    </message>
    <message>
        <source>Legal entity</source>
        <translation>Persona jurídica</translation>
    </message>
    <message>
        <source>Corporate</source>
        <translation>Corporativo</translation>
    </message>
    <message>
        <source>Prospect</source>
        <translation>Prospecto</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agente</translation>
    </message>
    <message>
        <source>Beneficiary</source>
        <translation>Beneficiario</translation>
    </message>
    <message>
        <source>Associated competitor</source>
        <translation>Competidor asociado</translation>
    </message>
    <message>
        <source>Employee</source>
        <translation>Empleado</translation>
    </message>
    <message>
        <source>Guarantor</source>
        <translation>Garante</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Proveedor</translation>
    </message>
    <message>
        <source>Engagement</source>
        <translation>Compromiso</translation>
    </message>
    <message>
        <source>Acquisition</source>
        <translation>Adquisición</translation>
    </message>
    <message>
        <source>Retention and extension</source>
        <translation>Retención y extensión</translation>
    </message>
    <message>
        <source>Knowledge</source>
        <translation>Conocimiento</translation>
    </message>
    <message>
        <source>Micro</source>
        <translation>Micro</translation>
    </message>
    <message>
        <source>Small</source>
        <translation>Pequeña</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Mediana</translation>
    </message>
    <message>
        <source>Large</source>
        <translation>Grande</translation>
    </message>
    <message>
        <source>NIT</source>
        <translation>NIT</translation>
    </message>
    <message>
        <source>Citizen id card (CC)</source>
        <translation>Cédula de ciudadanía (CC)</translation>
    </message>
    <message>
        <source>Foreigner id card (CE)</source>
        <translation>Cédula de extranjería (CE)</translation>
    </message>
    <message>
        <source>CUIT</source>
        <translation>CUIT</translation>
    </message>
    <message>
        <source>RUT</source>
        <translation>RUT</translation>
    </message>
    <message>
        <source>Passport</source>
        <translation>Pasaporte</translation>
    </message>
    <message>
        <source>Sales rep</source>
        <translation>Asesor comercial</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Gerente</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrador</translation>
    </message>
    <message>
        <source>To contact</source>
        <translation>Por contactar</translation>
    </message>
    <message>
        <source>Contacted</source>
        <translation>Contactado</translation>
    </message>
    <message>
        <source>Responded</source>
        <translation>Respondió</translation>
    </message>
    <message>
        <source>Opted out</source>
        <translation>Se dio de baja</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Planeada</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecha</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelada</translation>
    </message>
    <message>
        <source>Interested</source>
        <translation>Interesado</translation>
    </message>
    <message>
        <source>Proposal requested</source>
        <translation>Pidió propuesta</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>Seguimiento</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rechazado</translation>
    </message>
    <message>
        <source>No decision</source>
        <translation>Sin decisión</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Llamada</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Correo</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Notification</source>
        <translation>Notificación</translation>
    </message>
    <message>
        <source>Rejection</source>
        <translation>Rechazo</translation>
    </message>
    <message>
        <source>Stage change</source>
        <translation>Cambio de etapa</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Contestó</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>No contestó</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Volver a llamar</translation>
    </message>
    <message>
        <source>Prospecting</source>
        <translation>Prospección</translation>
    </message>
    <message>
        <source>Qualification</source>
        <translation>Calificación</translation>
    </message>
    <message>
        <source>Needs analysis</source>
        <translation>Análisis de necesidades</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>Propuesta</translation>
    </message>
    <message>
        <source>Negotiation</source>
        <translation>Negociación</translation>
    </message>
    <message>
        <source>Closed won</source>
        <translation>Cerrada ganada</translation>
    </message>
    <message>
        <source>Closed lost</source>
        <translation>Cerrada perdida</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Borrador</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviada</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Aceptada</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Vencida</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Ítem</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Sección</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <source>IVA 19%</source>
        <translation>IVA 19%</translation>
    </message>
    <message>
        <source>IVA 5%</source>
        <translation>IVA 5%</translation>
    </message>
    <message>
        <source>Exempt</source>
        <translation>Exento</translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation>Excluido</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>Manual</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Visita</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regla</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message numerus="yes">
        <source>Locked after %n idle minute(s)</source>
        <translation><numerusform>Bloqueado tras %n minuto sin uso</numerusform><numerusform>Bloqueado tras %n minutos sin uso</numerusform></translation>
    </message>
    <message>
        <source>Type the password of %1 to go on.</source>
        <translation>Escriba la contraseña de %1 para continuar.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in to the sync server</source>
        <translation>Iniciar sesión en el servidor de sincronización</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Dirección del servidor</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <source>Work offline</source>
        <translation>Trabajar sin conexión</translation>
    </message>
    <message>
        <source>You can keep working offline; signing in is needed only to sync.</source>
        <translation>Puede seguir trabajando sin conexión; solo necesita iniciar sesión para sincronizar.</translation>
    </message>
    <message>
        <source>Write the address the administrator gave you, starting with https://</source>
        <translation>Escriba la dirección que le dio el administrador, empezando por https://</translation>
    </message>
    <message>
        <source>This address starts with http://: your password would travel unprotected. Use the https:// address (http:// is accepted only for a server on this computer).</source>
        <translation>Esta dirección empieza por http://: su contraseña viajaría sin protección. Use la dirección https:// (http:// solo se acepta para un servidor en este mismo equipo).</translation>
    </message>
    <message>
        <source>Write your user name.</source>
        <translation>Escriba su nombre de usuario.</translation>
    </message>
    <message>
        <source>Write your password.</source>
        <translation>Escriba su contraseña.</translation>
    </message>
    <message>
        <source>The server cannot be reached: check the address and the network.</source>
        <translation>No se puede contactar el servidor: revise la dirección y la red.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Usuario o contraseña incorrectos.</translation>
    </message>
    <message>
        <source>Too many failed attempts: wait a moment and try again.</source>
        <translation>Demasiados intentos fallidos: espere un momento e intente de nuevo.</translation>
    </message>
    <message>
        <source>This program is too old for the server: please update it.</source>
        <translation>Este programa es demasiado antiguo para el servidor: actualícelo.</translation>
    </message>
    <message>
        <source>Signing in failed: %1</source>
        <translation>No se pudo iniciar sesión: %1</translation>
    </message>
</context>
<context>
    <name>LostReasonDialog</name>
    <message>
        <source>Choose a reason…</source>
        <translation>Elija un motivo…</translation>
    </message>
    <message>
        <source>Optional: what happened, in a few words</source>
        <translation>Opcional: qué pasó, en pocas palabras</translation>
    </message>
    <message>
        <source>Why was the opportunity lost?</source>
        <translation>¿Por qué se perdió la oportunidad?</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
</context>
<context>
    <name>MailDialog</name>
    <message>
        <source>E-mail the quote</source>
        <translation>Enviar la cotización por correo</translation>
    </message>
    <message>
        <source>This message will wait in the outbox and not leave until this is fixed:</source>
        <translation>Este mensaje esperará en la bandeja de salida y no saldrá hasta que se corrija esto:</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Para</translation>
    </message>
    <message>
        <source>Cc</source>
        <translation>Cc</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Asunto</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Adjunto</translation>
    </message>
    <message>
        <source>Queue for sending</source>
        <translation>Poner en la bandeja de salida</translation>
    </message>
    <message>
        <source>Offline, the message waits in the outbox and is sent when the laptop is online.</source>
        <translation>Sin conexión, el mensaje espera en la bandeja de salida y se envía cuando el portátil tenga conexión.</translation>
    </message>
</context>
<context>
    <name>MailTab</name>
    <message>
        <source>Merge fields: {contact}, {account}, {campaign}, {rep}, {company}, {ends_on} (a date in the client's language). Every message ends with how to unsubscribe.</source>
        <translation>Campos de combinación: {contact}, {account}, {campaign}, {rep}, {company}, {ends_on} (una fecha en el idioma del cliente). Cada mensaje termina con cómo darse de baja.</translation>
    </message>
    <message>
        <source>Save the e-mail</source>
        <translation>Guardar el correo</translation>
    </message>
    <message>
        <source>Queue it to the members in the outbox</source>
        <translation>Ponerlo en la bandeja de salida para los miembros</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Asunto</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message numerus="yes">
        <source>%n without marketing consent</source>
        <translation><numerusform>%n sin consentimiento de mercadeo</numerusform><numerusform>%n sin consentimiento de mercadeo</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n without an e-mail address</source>
        <translation><numerusform>%n sin dirección de correo</numerusform><numerusform>%n sin dirección de correo</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n already contacted or out</source>
        <translation><numerusform>%n ya contactada o retirada</numerusform><numerusform>%n ya contactadas o retiradas</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n e-mail(s) queued in the outbox.</source>
        <translation><numerusform>%n correo en la bandeja de salida.</numerusform><numerusform>%n correos en la bandeja de salida.</numerusform></translation>
    </message>
    <message>
        <source>Not sent: %1.</source>
        <translation>No enviados: %1.</translation>
    </message>
</context>
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
        <source>Campaigns</source>
        <translation>Campañas</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>CRM de campo — {0}</source>
        <translation>CRM de campo — {0}</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Barra principal</translation>
    </message>
    <message>
        <source>Working as:</source>
        <translation>Trabajando como:</translation>
    </message>
    <message>
        <source>Everyone (manager)</source>
        <translation>Todos (gerente)</translation>
    </message>
    <message>
        <source>Import contacts from vCard</source>
        <translation>Importar contactos de vCard</translation>
    </message>
    <message>
        <source>Duplicate accounts</source>
        <translation>Cuentas duplicadas</translation>
    </message>
    <message>
        <source>Sign in to the server first: the server finds duplicate accounts.</source>
        <translation>Primero inicie sesión en el servidor: es el servidor el que encuentra las cuentas duplicadas.</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting to sync</source>
        <translation><numerusform>%n cambio pendiente de sincronizar</numerusform><numerusform>%n cambios pendientes de sincronizar</numerusform></translation>
    </message>
</context>
<context>
    <name>ManagerPanel</name>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Life-cycle phase</source>
        <translation>Fase del ciclo de vida</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>Último contacto</translation>
    </message>
    <message>
        <source>How</source>
        <translation>Cómo</translation>
    </message>
    <message>
        <source>Open opportunity</source>
        <translation>Oportunidad abierta</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Vencidos</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Visita</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Periodo</translation>
    </message>
    <message>
        <source>Choose a rep to see their customers.</source>
        <translation>Elija un asesor para ver sus clientes.</translation>
    </message>
    <message>
        <source>Show more</source>
        <translation>Mostrar más</translation>
    </message>
    <message>
        <source>Customers of {0}: {1} of {2}</source>
        <translation>Clientes de {0}: {1} de {2}</translation>
    </message>
</context>
<context>
    <name>MarketTab</name>
    <message>
        <source>Market</source>
        <translation>Mercado</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Hasta</translation>
    </message>
    <message>
        <source>Market size</source>
        <translation>Tamaño del mercado</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>What a market buys in a period, everyone's sales included: a city or a company-size segment. The Market share report on the Reports page sets our sales there against it.</source>
        <translation>Lo que compra un mercado en un periodo, contando las ventas de todos: una ciudad o un segmento por tamaño de empresa. El informe Participación de mercado, en Informes, compara allí nuestras ventas con él.</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ciudad</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segmento</translation>
    </message>
    <message>
        <source>Market size (COP)</source>
        <translation>Tamaño del mercado (COP)</translation>
    </message>
    <message>
        <source>Source of the estimate</source>
        <translation>Fuente de la estimación</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Agregar</translation>
    </message>
    <message>
        <source>Delete the selected one</source>
        <translation>Borrar el elegido</translation>
    </message>
    <message>
        <source>Market by</source>
        <translation>Mercado por</translation>
    </message>
    <message>
        <source>Which</source>
        <translation>Cuál</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Fuente</translation>
    </message>
</context>
<context>
    <name>MembersTab</name>
    <message>
        <source>Mark contacted</source>
        <translation>Marcar contactado</translation>
    </message>
    <message>
        <source>Record the response</source>
        <translation>Registrar la respuesta</translation>
    </message>
    <message>
        <source>Unsubscribe…</source>
        <translation>Dar de baja…</translation>
    </message>
    <message>
        <source>Response:</source>
        <translation>Respuesta:</translation>
    </message>
    <message numerus="yes">
        <source>The first %1 of %n member(s).</source>
        <translation><numerusform>Los primeros %1 de %n miembro.</numerusform><numerusform>Los primeros %1 de %n miembros.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n member(s).</source>
        <translation><numerusform>%n miembro.</numerusform><numerusform>%n miembros.</numerusform></translation>
    </message>
</context>
<context>
    <name>NewAccountDialog</name>
    <message>
        <source>New account</source>
        <translation>Nueva cuenta</translation>
    </message>
    <message>
        <source>Open it</source>
        <translation>Abrirla</translation>
    </message>
    <message>
        <source>“{0}” already has this tax id: open it instead of creating it again?</source>
        <translation>«{0}» ya tiene este NIT: ¿abrirla en lugar de crearla otra vez?</translation>
    </message>
    <message>
        <source>“{0}”, in the same city, has a very similar name: is it the same?</source>
        <translation>«{0}», en la misma ciudad, tiene un nombre muy parecido: ¿es la misma?</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>The account was not saved</source>
        <translation>La cuenta no se guardó</translation>
    </message>
    <message>
        <source>Nothing was saved: {0}</source>
        <translation>No se guardó nada: {0}</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Add a note</source>
        <translation>Agregar una nota</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Asunto</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <source>This file can only be viewed (%1): changes cannot be saved.</source>
        <translation>Este archivo solo se puede consultar (%1): no se pueden guardar cambios.</translation>
    </message>
</context>
<context>
    <name>OpportunityDialog</name>
    <message>
        <source>New opportunity</source>
        <translation>Nueva oportunidad</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Moneda</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>Cierre esperado</translation>
    </message>
    <message>
        <source>Attachments…</source>
        <translation>Adjuntos…</translation>
    </message>
    <message>
        <source>Save the opportunity and add its photos and documents.</source>
        <translation>Guardar la oportunidad y agregar sus fotos y documentos.</translation>
    </message>
</context>
<context>
    <name>OutboxDialog</name>
    <message>
        <source>Mail outbox</source>
        <translation>Bandeja de salida de correo</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Para</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Asunto</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Intentos</translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation>Último intento</translation>
    </message>
    <message>
        <source>Queued, not tried yet</source>
        <translation>En cola, aún sin intentar</translation>
    </message>
    <message>
        <source>Sending failed: {0}</source>
        <translation>El envío falló: {0}</translation>
    </message>
    <message numerus="yes">
        <source>Nothing was sent; %n message(s) wait for:</source>
        <translation><numerusform>No se envió nada; %n mensaje espera que se corrija:</numerusform><numerusform>No se envió nada; %n mensajes esperan que se corrija:</numerusform></translation>
    </message>
    <message>
        <source>Nothing to send: the outbox has no queued message.</source>
        <translation>Nada que enviar: la bandeja de salida no tiene mensajes en cola.</translation>
    </message>
    <message>
        <source>Sent: {0}. Failed: {1}. Still queued: {2}.</source>
        <translation>Enviados: {0}. Fallidos: {1}. Siguen en cola: {2}.</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>Enviar ahora</translation>
    </message>
    <message>
        <source>Sent {0}</source>
        <translation>Enviado el {0}</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Enviando…</translation>
    </message>
    <message>
        <source>Failed: {0}</source>
        <translation>Falló: {0}</translation>
    </message>
    <message>
        <source>Queued; last try: {0}</source>
        <translation>En cola; último intento: {0}</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>En cola</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Database passphrase</source>
        <translation>Contraseña de la base de datos</translation>
    </message>
    <message>
        <source>The key of %1 is not in this computer's keyring: the file was most likely copied by hand from another computer, where its key stayed. If a passphrase was set for it, type it; otherwise cancel, and open the file on that computer or sync here.</source>
        <translation>La clave de %1 no está en el llavero de este equipo: lo más probable es que el archivo se haya copiado a mano desde otro equipo, donde se quedó su clave. Si se le puso una contraseña, escríbala; si no, cancele y abra el archivo en ese equipo o sincronice aquí.</translation>
    </message>
    <message>
        <source>This computer has no keyring service to keep the database key. Choose a passphrase for %1: it encrypts the file and will be asked at every start. If it is lost, the data on this computer cannot be read (sync brings it back).</source>
        <translation>Este equipo no tiene un llavero del sistema donde guardar la clave de la base de datos. Elija una contraseña para %1: cifra el archivo y se pedirá en cada inicio. Si se pierde, los datos de este equipo no se podrán leer (la sincronización los recupera).</translation>
    </message>
    <message>
        <source>Type the passphrase of the encrypted database %1.</source>
        <translation>Escriba la contraseña de la base de datos cifrada %1.</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Repeat it</source>
        <translation>Repítala</translation>
    </message>
    <message>
        <source>Use at least %1 characters.</source>
        <translation>Use al menos %1 caracteres.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Las dos contraseñas no coinciden.</translation>
    </message>
    <message>
        <source>Type the passphrase.</source>
        <translation>Escriba la contraseña.</translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <source>Week</source>
        <translation>Semana</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>Trimestre</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>Rango personalizado</translation>
    </message>
    <message>
        <source>to</source>
        <translation>a</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>Any day of the period</source>
        <translation>Cualquier día del periodo</translation>
    </message>
</context>
<context>
    <name>PipelineListModel</name>
    <message>
        <source>Opportunity</source>
        <translation>Oportunidad</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>Probabilidad</translation>
    </message>
    <message>
        <source>Weighted</source>
        <translation>Ponderado</translation>
    </message>
    <message>
        <source>Expected close</source>
        <translation>Cierre esperado</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
</context>
<context>
    <name>PipelinePage</name>
    <message>
        <source>Everyone</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>Open opportunities and those closed in the last 90 days.</source>
        <translation>Oportunidades abiertas y las cerradas en los últimos 90 días.</translation>
    </message>
    <message>
        <source>Rep:</source>
        <translation>Asesor:</translation>
    </message>
    <message>
        <source>Board</source>
        <translation>Tablero</translation>
    </message>
    <message>
        <source>List</source>
        <translation>Lista</translation>
    </message>
    <message>
        <source>pipeline</source>
        <translation>embudo</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>weighted %1</source>
        <translation>ponderado %1</translation>
    </message>
</context>
<context>
    <name>PlanTab</name>
    <message>
        <source>Last touch</source>
        <translation>Último contacto</translation>
    </message>
    <message>
        <source>First touch</source>
        <translation>Primer contacto</translation>
    </message>
    <message>
        <source> days</source>
        <translation> días</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Goal</source>
        <translation>Objetivo</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canales</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>Empieza</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>Termina</translation>
    </message>
    <message>
        <source>Budget (COP)</source>
        <translation>Presupuesto (COP)</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Attribution</source>
        <translation>Atribución</translation>
    </message>
    <message>
        <source>Attribution window</source>
        <translation>Ventana de atribución</translation>
    </message>
    <message>
        <source>Save the campaign</source>
        <translation>Guardar la campaña</translation>
    </message>
    <message>
        <source>A manager plans the campaign; here you see it and work with your members.</source>
        <translation>Un gerente planea la campaña; aquí usted la ve y trabaja con sus miembros.</translation>
    </message>
    <message>
        <source>What it cost</source>
        <translation>Lo que costó</translation>
    </message>
    <message>
        <source>Amount (COP)</source>
        <translation>Valor (COP)</translation>
    </message>
    <message>
        <source>What was paid for</source>
        <translation>Qué se pagó</translation>
    </message>
    <message>
        <source>Add cost</source>
        <translation>Agregar costo</translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation>(nadie)</translation>
    </message>
    <message>
        <source>Spent so far: %1</source>
        <translation>Gastado hasta hoy: %1</translation>
    </message>
    <message>
        <source>Write the amount, for example 1.500.000.</source>
        <translation>Escriba el valor, por ejemplo 1.500.000.</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation><numerusform>%n página</numerusform><numerusform>%n páginas</numerusform></translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>New</source>
        <translation>Nueva</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Omitir</translation>
    </message>
    <message>
        <source>Contact of the account above</source>
        <translation>Contacto de la cuenta de arriba</translation>
    </message>
    <message>
        <source>Has problems</source>
        <translation>Tiene problemas</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Producto</translation>
    </message>
    <message>
        <source>Price list · product code</source>
        <translation>Lista de precios · código de producto</translation>
    </message>
    <message>
        <source>Opportunity</source>
        <translation>Oportunidad</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
</context>
<context>
    <name>Privacy</name>
    <message>
        <source>The person</source>
        <translation>El titular</translation>
    </message>
    <message>
        <source>A representative</source>
        <translation>Un representante</translation>
    </message>
    <message>
        <source>An authority (SIC, AAIP)</source>
        <translation>Una autoridad (SIC, AAIP)</translation>
    </message>
    <message>
        <source>The company</source>
        <translation>La empresa</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Correo</translation>
    </message>
    <message>
        <source>Signed letter</source>
        <translation>Carta firmada</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>En persona</translation>
    </message>
    <message>
        <source>Web</source>
        <translation>Web</translation>
    </message>
    <message>
        <source>data processing</source>
        <translation>tratamiento de datos</translation>
    </message>
    <message>
        <source>marketing</source>
        <translation>mercadeo</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Entrega de datos</translation>
    </message>
    <message>
        <source>Erase (anonymize)</source>
        <translation>Supresión (anonimizar)</translation>
    </message>
</context>
<context>
    <name>PrivacyLogDialog</name>
    <message>
        <source>Data-subject requests (audit log)</source>
        <translation>Solicitudes de los titulares (registro de auditoría)</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Solicitud</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Persona</translation>
    </message>
    <message>
        <source>Asked by / how</source>
        <translation>Pedido por / medio</translation>
    </message>
    <message>
        <source>Done by</source>
        <translation>Hecho por</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Export as CSV…</source>
        <translation>Exportar como CSV…</translation>
    </message>
    <message>
        <source>contact …%1</source>
        <translation>contacto …%1</translation>
    </message>
    <message>
        <source>the account</source>
        <translation>la cuenta</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation><numerusform>%n solicitud</numerusform><numerusform>%n solicitudes</numerusform></translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>Exportar el registro de auditoría</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Se guardó %1.</translation>
    </message>
</context>
<context>
    <name>QuickAccountPicker</name>
    <message>
        <source>Type part of a name, tax id, city or contact</source>
        <translation>Escriba parte de un nombre, NIT, ciudad o contacto</translation>
    </message>
    <message>
        <source>Not available yet</source>
        <translation>Aún no disponible</translation>
    </message>
    <message>
        <source>This dialog is not available yet.</source>
        <translation>Este diálogo aún no está disponible.</translation>
    </message>
    <message>
        <source>Record a visit: which account?</source>
        <translation>Registrar una visita: ¿qué cuenta?</translation>
    </message>
    <message>
        <source>Log a call: which account?</source>
        <translation>Registrar una llamada: ¿qué cuenta?</translation>
    </message>
</context>
<context>
    <name>QuoteActions</name>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Mark as sent</source>
        <translation>Marcar como enviada</translation>
    </message>
    <message>
        <source>New revision</source>
        <translation>Nueva revisión</translation>
    </message>
    <message>
        <source>Duplicate for another account…</source>
        <translation>Duplicar para otra cuenta…</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Aceptada</translation>
    </message>
    <message>
        <source>Accept with signature…</source>
        <translation>Aceptar con firma…</translation>
    </message>
    <message>
        <source>Rejected…</source>
        <translation>Rechazada…</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vista previa</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Imprimir…</translation>
    </message>
    <message>
        <source>E-mail…</source>
        <translation>Correo…</translation>
    </message>
    <message>
        <source>Attachments…</source>
        <translation>Adjuntos…</translation>
    </message>
    <message>
        <source>What changes in this revision?</source>
        <translation>¿Qué cambia en esta revisión?</translation>
    </message>
    <message>
        <source>The client accepted this quote? Its opportunity will be closed as won.</source>
        <translation>¿El cliente aceptó esta cotización? Su oportunidad se cerrará como ganada.</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rechazado</translation>
    </message>
    <message>
        <source>Why did the client say no?</source>
        <translation>¿Por qué el cliente dijo que no?</translation>
    </message>
    <message>
        <source>Duplicate for which account?</source>
        <translation>¿Duplicar para qué cuenta?</translation>
    </message>
</context>
<context>
    <name>QuoteBuilder</name>
    <message>
        <source>Quote</source>
        <translation>Cotización</translation>
    </message>
    <message>
        <source>This quote was sent and is frozen. Make a new revision to change it.</source>
        <translation>Esta cotización ya se envió y está congelada. Haga una nueva revisión para cambiarla.</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Español</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Inglés</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Language of the proposal</source>
        <translation>Idioma de la propuesta</translation>
    </message>
    <message>
        <source>Issued on</source>
        <translation>Fecha de emisión</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Válida hasta</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Moneda</translation>
    </message>
    <message>
        <source>Global discount %</source>
        <translation>Descuento global %</translation>
    </message>
    <message>
        <source>Add a product: type its code or name</source>
        <translation>Agregar un producto: escriba su código o nombre</translation>
    </message>
    <message>
        <source>Free-text line</source>
        <translation>Línea de texto libre</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>Sección</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Subir</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Bajar</translation>
    </message>
    <message>
        <source>Delete line</source>
        <translation>Borrar línea</translation>
    </message>
    <message>
        <source>Terms</source>
        <translation>Condiciones</translation>
    </message>
    <message>
        <source>Payment terms</source>
        <translation>Condiciones de pago</translation>
    </message>
    <message>
        <source>Delivery terms</source>
        <translation>Condiciones de entrega</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>Quote {0} · revision {1} · {2}</source>
        <translation>Cotización {0} · revisión {1} · {2}</translation>
    </message>
    <message>
        <source>Quote {0}</source>
        <translation>Cotización {0}</translation>
    </message>
    <message>
        <source>(no contact)</source>
        <translation>(sin contacto)</translation>
    </message>
    <message>
        <source>Earlier revisions: {0}</source>
        <translation>Revisiones anteriores: {0}</translation>
    </message>
    <message>
        <source>Accepted and signed by {0} ({1} {2}) on {3} · SHA-256: {4}</source>
        <translation>Aceptada y firmada por {0} ({1} {2}) el {3} · SHA-256: {4}</translation>
    </message>
    <message>
        <source>Enter a number.</source>
        <translation>Escriba un número.</translation>
    </message>
    <message>
        <source>Line {0}: {1}</source>
        <translation>Línea {0}: {1}</translation>
    </message>
</context>
<context>
    <name>QuoteLinesModel</name>
    <message>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Cant.</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Precio unitario</translation>
    </message>
    <message>
        <source>Reason for the price</source>
        <translation>Motivo del precio</translation>
    </message>
    <message>
        <source>Disc. %</source>
        <translation>Desc. %</translation>
    </message>
    <message>
        <source>Disc. amount</source>
        <translation>Desc. valor</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Impuesto</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Opcional</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Margin %</source>
        <translation>Margen %</translation>
    </message>
    <message>
        <source>This price is below the minimum margin your manager set for the product.</source>
        <translation>Este precio queda por debajo del margen mínimo que su gerente fijó para el producto.</translation>
    </message>
</context>
<context>
    <name>QuotesModel</name>
    <message>
        <source>Number</source>
        <translation>Número</translation>
    </message>
    <message>
        <source>Rev.</source>
        <translation>Rev.</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Emitida</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Válida hasta</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Correo</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>En cola</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Enviando</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviada</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falló</translation>
    </message>
</context>
<context>
    <name>QuotesPage</name>
    <message>
        <source>Search by number or account</source>
        <translation>Buscar por número o cuenta</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Todos los estados</translation>
    </message>
    <message>
        <source>New quote…</source>
        <translation>Nueva cotización…</translation>
    </message>
    <message>
        <source>Mail outbox</source>
        <translation>Bandeja de salida de correo</translation>
    </message>
    <message>
        <source>quotes</source>
        <translation>cotizaciones</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message numerus="yes">
        <source>%n quote(s)</source>
        <translation><numerusform>%n cotización</numerusform><numerusform>%n cotizaciones</numerusform></translation>
    </message>
    <message>
        <source>New quote for which account?</source>
        <translation>¿Nueva cotización para qué cuenta?</translation>
    </message>
</context>
<context>
    <name>ReadOnly</name>
    <message>
        <source>Read-only: %1. You can look, not change.</source>
        <translation>Solo lectura: %1. Puede consultar, no modificar.</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>solo lectura</translation>
    </message>
</context>
<context>
    <name>RemoteWipe</name>
    <message>
        <source>Your user has been deactivated on the server.</source>
        <translation>Su usuario fue desactivado en el servidor.</translation>
    </message>
    <message>
        <source>The administrator revoked this laptop (lost, stolen or replaced).</source>
        <translation>El administrador revocó este portátil (perdido, robado o reemplazado).</translation>
    </message>
    <message>
        <source>As the company asked, the clients' data on this laptop has been erased: the database, its backups, the import journals and the stored sign-in. Nothing was sent to the server after that.</source>
        <translation>Por orden de la empresa se borraron los datos de los clientes en este portátil: la base de datos, sus copias de seguridad, los registros de importación y el inicio de sesión guardado. Después de eso no se envió nada al servidor.</translation>
    </message>
    <message>
        <source>Erased: %1</source>
        <translation>Borrado: %1</translation>
    </message>
    <message>
        <source>These files could not be erased yet; they will be at the next start: %1</source>
        <translation>Estos archivos aún no se pudieron borrar; se borrarán en el próximo inicio: %1</translation>
    </message>
    <message>
        <source>This laptop's data was erased</source>
        <translation>Se borraron los datos de este portátil</translation>
    </message>
    <message>
        <source>Start anew (empty)</source>
        <translation>Empezar de nuevo (vacío)</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Close the program</source>
        <translation>Cerrar el programa</translation>
    </message>
</context>
<context>
    <name>ReportPanel</name>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Informe</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Para</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Periodo</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Calculando…</translation>
    </message>
    <message>
        <source>The report could not be made: {0}</source>
        <translation>No se pudo elaborar el informe: {0}</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exportando…</translation>
    </message>
    <message>
        <source>Saved to {0}</source>
        <translation>Guardado en {0}</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Export CSV</source>
        <translation>Exportar CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export XLSX</source>
        <translation>Exportar XLSX</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx)</source>
        <translation>Archivos de Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>Exportar PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Informes</translation>
    </message>
    <message>
        <source>Manager's view</source>
        <translation>Vista del gerente</translation>
    </message>
</context>
<context>
    <name>RescheduleDialog</name>
    <message>
        <source>Reschedule the reminder</source>
        <translation>Reprogramar el recordatorio</translation>
    </message>
    <message>
        <source>New due date and time:</source>
        <translation>Nueva fecha y hora:</translation>
    </message>
</context>
<context>
    <name>ReturnTab</name>
    <message>
        <source>Cost</source>
        <translation>Costo</translation>
    </message>
    <message>
        <source>Won revenue</source>
        <translation>Ingresos ganados</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Margen</translation>
    </message>
    <message>
        <source>ROI</source>
        <translation>ROI</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Miembros</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>Contactados</translation>
    </message>
    <message>
        <source>Responded</source>
        <translation>Respondió</translation>
    </message>
    <message>
        <source>Opportunities</source>
        <translation>Oportunidades</translation>
    </message>
    <message>
        <source>Won customers</source>
        <translation>Clientes ganados</translation>
    </message>
    <message>
        <source>Cost per response</source>
        <translation>Costo por respuesta</translation>
    </message>
    <message>
        <source>Cost per won customer</source>
        <translation>Costo por cliente ganado</translation>
    </message>
    <message>
        <source>Compare campaigns in Reports…</source>
        <translation>Comparar campañas en Informes…</translation>
    </message>
</context>
<context>
    <name>RunSteps</name>
    <message>
        <source>Only lines with problems</source>
        <translation>Solo las líneas con problemas</translation>
    </message>
    <message>
        <source>update it</source>
        <translation>actualizarla</translation>
    </message>
    <message>
        <source>skip it</source>
        <translation>omitirla</translation>
    </message>
    <message>
        <source>create another</source>
        <translation>crear otra</translation>
    </message>
    <message>
        <source>Import nothing until every line is valid</source>
        <translation>No importar nada hasta que todas las líneas sean válidas</translation>
    </message>
    <message>
        <source>Cancel the import</source>
        <translation>Cancelar la importación</translation>
    </message>
    <message>
        <source>Importing… nothing is saved until the end.</source>
        <translation>Importando… no se guarda nada hasta el final.</translation>
    </message>
    <message>
        <source>Undo this import</source>
        <translation>Deshacer esta importación</translation>
    </message>
    <message>
        <source>Checking every line…</source>
        <translation>Revisando cada línea…</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was saved.</source>
        <translation>La importación se canceló; no se guardó nada.</translation>
    </message>
    <message>
        <source>The import failed; nothing was saved.</source>
        <translation>La importación falló; no se guardó nada.</translation>
    </message>
    <message>
        <source>The import was undone.</source>
        <translation>La importación se deshizo.</translation>
    </message>
</context>
<context>
    <name>SalesTab</name>
    <message>
        <source>Opportunities</source>
        <translation>Oportunidades</translation>
    </message>
    <message>
        <source>Quotes</source>
        <translation>Cotizaciones</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>Empresa</translation>
    </message>
    <message>
        <source>Quotes</source>
        <translation>Cotizaciones</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Correo</translation>
    </message>
    <message>
        <source>Outgoing mail server</source>
        <translation>Servidor de correo saliente</translation>
    </message>
    <message>
        <source>Follow-up rules</source>
        <translation>Reglas de seguimiento</translation>
    </message>
    <message>
        <source>RFM value</source>
        <translation>Valor RFM</translation>
    </message>
    <message>
        <source>Synchronization</source>
        <translation>Sincronización</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Informes</translation>
    </message>
    <message>
        <source>Spanish (default)</source>
        <translation>Español (predeterminado)</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Español</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Inglés</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>Guardar la configuración</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>Deshacer los cambios</translation>
    </message>
    <message>
        <source>Checking who is signed in…</source>
        <translation>Comprobando quién inició sesión…</translation>
    </message>
    <message>
        <source>A change of language applies when the program is started again.</source>
        <translation>Un cambio de idioma se aplica al volver a abrir el programa.</translation>
    </message>
    <message>
        <source>Set by an administrator for every rep: the company, quotes, mail server, follow-up rules and reports.</source>
        <translation>Las define un administrador para todos los asesores: la empresa, las cotizaciones, el servidor de correo, las reglas de seguimiento y los informes.</translation>
    </message>
    <message>
        <source>My settings</source>
        <translation>Mi configuración</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Administración</translation>
    </message>
    <message>
        <source>Taxes</source>
        <translation>Impuestos</translation>
    </message>
    <message>
        <source>Product costs</source>
        <translation>Costos de productos</translation>
    </message>
    <message>
        <source>Market sizes</source>
        <translation>Tamaños de mercado</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Set the SMTP password…</source>
        <translation>Guardar la contraseña SMTP…</translation>
    </message>
    <message>
        <source>SMTP password</source>
        <translation>Contraseña SMTP</translation>
    </message>
    <message>
        <source>Enter the SMTP user name first.</source>
        <translation>Escriba primero el usuario SMTP.</translation>
    </message>
    <message>
        <source>Password of {0}:</source>
        <translation>Contraseña de {0}:</translation>
    </message>
    <message>
        <source>Stored in the system keyring.</source>
        <translation>Guardada en el llavero del sistema.</translation>
    </message>
    <message>
        <source>Everyone (manager)</source>
        <translation>Todos (gerente)</translation>
    </message>
    <message>
        <source>Administration (read only)</source>
        <translation>Administración (solo lectura)</translation>
    </message>
    <message>
        <source>Read only: this laptop has not signed in. Only a manager or an administrator changes these settings: sign in as one (“Sync now”, at the bottom) to change them.</source>
        <translation>Solo lectura: este equipo no ha iniciado sesión. Solo un gerente o un administrador cambia esta configuración: inicie sesión como uno de ellos («Sincronizar ahora», abajo) para cambiarla.</translation>
    </message>
    <message>
        <source>Read only: {0} is not known on this laptop yet. Synchronize once; a manager or an administrator can then change these settings.</source>
        <translation>Solo lectura: {0} aún no es conocido en este equipo. Sincronice una vez; luego un gerente o un administrador podrá cambiar esta configuración.</translation>
    </message>
    <message>
        <source>Read only: you are signed in as {0}. Only a manager or an administrator changes these settings.</source>
        <translation>Solo lectura: inició sesión como {0}. Solo un gerente o un administrador cambia esta configuración.</translation>
    </message>
    <message>
        <source>Nothing was saved: correct the fields in red.</source>
        <translation>No se guardó nada: corrija los campos en rojo.</translation>
    </message>
    <message>
        <source>Saved. A change of language applies on restart.</source>
        <translation>Guardado. Un cambio de idioma se aplica al reiniciar.</translation>
    </message>
    <message>
        <source>STARTTLS (port 587)</source>
        <translation>STARTTLS (puerto 587)</translation>
    </message>
    <message>
        <source>SSL/TLS (port 465)</source>
        <translation>SSL/TLS (puerto 465)</translation>
    </message>
    <message>
        <source>None (not encrypted)</source>
        <translation>Ninguna (sin cifrar)</translation>
    </message>
    <message>
        <source>Each line's tax, then summed (as invoices do)</source>
        <translation>El de cada línea, y se suman (como en las facturas)</translation>
    </message>
    <message>
        <source>Once per tax rate</source>
        <translation>Una vez por tarifa</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Sign here</source>
        <translation>Firme aquí</translation>
    </message>
</context>
<context>
    <name>StageColumn</name>
    <message>
        <source>weighted %1</source>
        <translation>ponderado %1</translation>
    </message>
    <message>
        <source>Total amount, and the amount weighted by probability</source>
        <translation>Valor total y valor ponderado por la probabilidad</translation>
    </message>
    <message numerus="yes">
        <source>+%n more</source>
        <translation><numerusform>y %n más</numerusform><numerusform>y %n más</numerusform></translation>
    </message>
</context>
<context>
    <name>StaleLockDialog</name>
    <message>
        <source>This laptop is locked</source>
        <translation>Este portátil está bloqueado</translation>
    </message>
    <message>
        <source>This laptop has not synced for %1 days (the company allows %2). Sync to go on working, or ask a manager for this laptop's unlock code.</source>
        <translation>Este portátil no se sincroniza desde hace %1 días (la empresa permite %2). Sincronice para seguir trabajando o pida a un gerente el código de desbloqueo de este portátil.</translation>
    </message>
    <message>
        <source>Laptop id (read it to the manager): %1</source>
        <translation>Identificador del portátil (díctelo al gerente): %1</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <source>No unlock code is left: only a sync unlocks it.</source>
        <translation>No queda código de desbloqueo: solo una sincronización lo desbloquea.</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sincronizar ahora</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>That code is not this laptop's, or it was used already.</source>
        <translation>Ese código no es de este portátil o ya se usó.</translation>
    </message>
</context>
<context>
    <name>SubjectRightsDialog</name>
    <message>
        <source>Data-subject rights — %1</source>
        <translation>Derechos del titular — %1</translation>
    </message>
    <message>
        <source>The person may ask for everything held about them, and for its erasure (Colombia: Ley 1581 de 2012; Argentina: Ley 25.326). Each request is kept in the audit log.</source>
        <translation>El titular puede pedir todo lo que tenemos sobre él y su supresión (Colombia: Ley 1581 de 2012; Argentina: Ley 25.326). Cada solicitud queda en el registro de auditoría.</translation>
    </message>
    <message>
        <source>e.g. She asked by e-mail on 3 March to be erased.</source>
        <translation>p. ej. Pidió por correo el 3 de marzo que se borraran sus datos.</translation>
    </message>
    <message>
        <source>Consent history</source>
        <translation>Historial de autorizaciones</translation>
    </message>
    <message>
        <source>Who asks</source>
        <translation>Quién lo pide</translation>
    </message>
    <message>
        <source>How it was asked</source>
        <translation>Medio de la solicitud</translation>
    </message>
    <message>
        <source>Why (kept in the log)</source>
        <translation>Motivo (queda en el registro)</translation>
    </message>
    <message>
        <source>Export the data (JSON and PDF)…</source>
        <translation>Exportar los datos (JSON y PDF)…</translation>
    </message>
    <message>
        <source>Anonymize and erase…</source>
        <translation>Anonimizar y borrar…</translation>
    </message>
    <message>
        <source>given</source>
        <translation>otorgada</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>retirada</translation>
    </message>
    <message>
        <source>No consent recorded yet.</source>
        <translation>Aún no hay autorizaciones registradas.</translation>
    </message>
    <message>
        <source>Write why (a few words): it is kept in the audit log.</source>
        <translation>Escriba el motivo (pocas palabras): queda en el registro de auditoría.</translation>
    </message>
    <message>
        <source>Where to save the export</source>
        <translation>Dónde guardar la exportación</translation>
    </message>
    <message>
        <source>Saved %1 and %2.</source>
        <translation>Se guardaron %1 y %2.</translation>
    </message>
    <message>
        <source>Anonymize and erase</source>
        <translation>Anonimizar y borrar</translation>
    </message>
    <message>
        <source>The name, e-mail, phones and notes of this person will be erased for good: on this laptop now, and on the server and every other laptop when they sync. Quotes and visits keep their figures. This cannot be undone.</source>
        <translation>El nombre, el correo, los teléfonos y las notas de esta persona se borrarán definitivamente: ahora en este portátil, y en el servidor y en los demás portátiles cuando sincronicen. Las cotizaciones y las visitas conservan sus cifras. No se puede deshacer.</translation>
    </message>
    <message>
        <source>Erase for good</source>
        <translation>Borrar definitivamente</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Erased on this laptop. The server and the other laptops erase it at their next sync.</source>
        <translation>Borrado en este portátil. El servidor y los demás portátiles lo borran en su próxima sincronización.</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Sync now</source>
        <translation>Sincronizar ahora</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Sincronizando…</translation>
    </message>
    <message>
        <source>Receiving %1 of %2 rows…</source>
        <translation>Recibiendo %1 de %2 registros…</translation>
    </message>
    <message>
        <source>Sending %1 of %2 changes…</source>
        <translation>Enviando %1 de %2 cambios…</translation>
    </message>
    <message>
        <source>Offline: syncing as soon as the server answers.</source>
        <translation>Sin conexión: se sincronizará en cuanto el servidor responda.</translation>
    </message>
    <message>
        <source>The server cannot be reached: your changes are kept and will be sent later.</source>
        <translation>No se puede contactar el servidor: sus cambios se guardan y se enviarán más tarde.</translation>
    </message>
    <message>
        <source>Sign in to sync.</source>
        <translation>Inicie sesión para sincronizar.</translation>
    </message>
    <message>
        <source>This program is too old for the server: please update it.</source>
        <translation>Este programa es demasiado antiguo para el servidor: actualícelo.</translation>
    </message>
    <message>
        <source>Too many attempts: wait a moment and try again.</source>
        <translation>Demasiados intentos: espere un momento e intente de nuevo.</translation>
    </message>
    <message>
        <source>The server had a problem: try again later.</source>
        <translation>El servidor tuvo un problema: intente más tarde.</translation>
    </message>
    <message>
        <source>The server had this laptop's data erased: %1</source>
        <translation>El servidor ordenó borrar los datos de este portátil: %1</translation>
    </message>
    <message>
        <source>Sync failed: %1</source>
        <translation>La sincronización falló: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) to send</source>
        <translation><numerusform>%n cambio por enviar</numerusform><numerusform>%n cambios por enviar</numerusform></translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>Última sincronización: %1</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>Nunca sincronizado</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) need your decision</source>
        <translation><numerusform>%n elemento requiere su decisión</numerusform><numerusform>%n elementos requieren su decisión</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) from the server could not be applied</source>
        <translation><numerusform>%n registro del servidor no se pudo aplicar</numerusform><numerusform>%n registros del servidor no se pudieron aplicar</numerusform></translation>
    </message>
</context>
<context>
    <name>TableExport</name>
    <message>
        <source>Export table</source>
        <translation>Exportar tabla</translation>
    </message>
    <message>
        <source>The file could not be written: {0}</source>
        <translation>No se pudo escribir el archivo: {0}</translation>
    </message>
    <message>
        <source>Saved to {0}</source>
        <translation>Guardado en {0}</translation>
    </message>
    <message>
        <source>Open the folder</source>
        <translation>Abrir la carpeta</translation>
    </message>
</context>
<context>
    <name>TargetTab</name>
    <message>
        <source>CIIU codes or their first digits: 4651, 62</source>
        <translation>Códigos CIIU o sus primeros dígitos: 4651, 62</translation>
    </message>
    <message>
        <source>No visit or activity since</source>
        <translation>Sin visita ni actividad desde</translation>
    </message>
    <message>
        <source>Value segment (RFM)</source>
        <translation>Segmento de valor (RFM)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ciudad</translation>
    </message>
    <message>
        <source>Owns any of</source>
        <translation>Tiene alguno de</translation>
    </message>
    <message>
        <source>Owns none of (cross-sell)</source>
        <translation>No tiene ninguno de (venta cruzada)</translation>
    </message>
    <message>
        <source>CIIU activity</source>
        <translation>Actividad CIIU</translation>
    </message>
    <message>
        <source>Preview the list</source>
        <translation>Ver la lista</translation>
    </message>
    <message>
        <source>Add them to the campaign</source>
        <translation>Agregarlas a la campaña</translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) match</source>
        <translation><numerusform>%n cuenta cumple el filtro</numerusform><numerusform>%n cuentas cumplen el filtro</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n can be added</source>
        <translation><numerusform>%n se puede agregar</numerusform><numerusform>%n se pueden agregar</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n without marketing consent</source>
        <translation><numerusform>%n sin consentimiento de mercadeo</numerusform><numerusform>%n sin consentimiento de mercadeo</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n without a rep</source>
        <translation><numerusform>%n sin vendedor</numerusform><numerusform>%n sin vendedor</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n already member(s)</source>
        <translation><numerusform>%n ya es miembro</numerusform><numerusform>%n ya son miembros</numerusform></translation>
    </message>
    <message>
        <source>Left out: %1.</source>
        <translation>Quedan por fuera: %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s) added.</source>
        <translation><numerusform>%n miembro agregado.</numerusform><numerusform>%n miembros agregados.</numerusform></translation>
    </message>
</context>
<context>
    <name>TaxesTab</name>
    <message>
        <source>The taxes quotes may carry. An administrator manages them on the server; each sync brings them here. A tax that has ended or not begun cannot be quoted.</source>
        <translation>Los impuestos que pueden llevar las cotizaciones. Un administrador los gestiona en el servidor; cada sincronización los trae aquí. Un impuesto que terminó o que aún no empieza no se puede cotizar.</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Tarifa</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>País</translation>
    </message>
    <message>
        <source>Price includes it</source>
        <translation>Incluido en el precio</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Vigencia</translation>
    </message>
    <message>
        <source>Can be quoted today</source>
        <translation>Se puede cotizar hoy</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>Visit</source>
        <translation>Visita</translation>
    </message>
    <message>
        <source>Opportunity</source>
        <translation>Oportunidad</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>Cotización</translation>
    </message>
    <message>
        <source>Quote revision</source>
        <translation>Ajuste de cotización</translation>
    </message>
    <message>
        <source>Quote accepted and signed</source>
        <translation>Cotización aceptada y firmada</translation>
    </message>
    <message>
        <source>Photo attached</source>
        <translation>Foto adjunta</translation>
    </message>
    <message>
        <source>Revision %1</source>
        <translation>Versión %1</translation>
    </message>
    <message>
        <source>Follow up on %1</source>
        <translation>Seguimiento el %1</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Record a visit… (Ctrl+R)</source>
        <translation>Registrar una visita… (Ctrl+R)</translation>
    </message>
    <message>
        <source>Log a call… (Ctrl+L)</source>
        <translation>Registrar una llamada… (Ctrl+L)</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ciudad</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Propósito</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Lugar</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>Recordatorio</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>Cotización</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Válida hasta</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>Campaña</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>Termina</translation>
    </message>
    <message>
        <source>visits</source>
        <translation>visitas</translation>
    </message>
    <message>
        <source>reminders</source>
        <translation>recordatorios</translation>
    </message>
    <message>
        <source>quotes</source>
        <translation>cotizaciones</translation>
    </message>
    <message>
        <source>campaign-tasks</source>
        <translation>tareas-de-campaña</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>Marcar como hecho</translation>
    </message>
    <message>
        <source>Snooze 1 day</source>
        <translation>Posponer 1 día</translation>
    </message>
    <message>
        <source>Reschedule…</source>
        <translation>Reprogramar…</translation>
    </message>
    <message>
        <source>Today, {0}</source>
        <translation>Hoy, {0}</translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s) planned for today</source>
        <translation><numerusform>%n visita planeada para hoy</numerusform><numerusform>%n visitas planeadas para hoy</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n reminder(s) for today</source>
        <translation><numerusform>%n recordatorio para hoy</numerusform><numerusform>%n recordatorios para hoy</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>, %n overdue</source>
        <translation><numerusform>, %n vencido</numerusform><numerusform>, %n vencidos</numerusform></translation>
    </message>
    <message>
        <source> (the most overdue first; more are due)</source>
        <translation> (primero los más atrasados; hay más pendientes)</translation>
    </message>
    <message numerus="yes">
        <source>%n quote(s) about to expire</source>
        <translation><numerusform>%n cotización por vencer</numerusform><numerusform>%n cotizaciones por vencer</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n campaign task(s)</source>
        <translation><numerusform>%n tarea de campaña</numerusform><numerusform>%n tareas de campaña</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n e-mail(s) to clients queued for more than 3 hours and not sent yet: see Quotes → Mail outbox.</source>
        <translation><numerusform>%n correo a clientes lleva más de 3 horas en cola sin enviarse: vea Cotizaciones → Bandeja de salida de correo.</numerusform><numerusform>%n correos a clientes llevan más de 3 horas en cola sin enviarse: vea Cotizaciones → Bandeja de salida de correo.</numerusform></translation>
    </message>
</context>
<context>
    <name>TotalsPanel</name>
    <message>
        <source>Totals</source>
        <translation>Totales</translation>
    </message>
    <message>
        <source>Margin {0} ({1}) · cost {2}</source>
        <translation>Margen {0} ({1}) · costo {2}</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) without a cost</source>
        <translation><numerusform>%n línea sin costo</numerusform><numerusform>%n líneas sin costo</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) below the minimum margin your manager set</source>
        <translation><numerusform>%n línea por debajo del margen mínimo que fijó su gerente</numerusform><numerusform>%n líneas por debajo del margen mínimo que fijó su gerente</numerusform></translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Gross amount</source>
        <translation>Valor bruto</translation>
    </message>
    <message>
        <source>Line discounts</source>
        <translation>Descuentos por línea</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <source>Global discount</source>
        <translation>Descuento global</translation>
    </message>
    <message>
        <source>Base {0}</source>
        <translation>Base {0}</translation>
    </message>
    <message>
        <source>Optional (not in the total)</source>
        <translation>Opcionales (no suman al total)</translation>
    </message>
</context>
<context>
    <name>VCardExport</name>
    <message>
        <source>Export contacts as vCard</source>
        <translation>Exportar contactos como vCard</translation>
    </message>
    <message>
        <source>The file could not be written: {0}</source>
        <translation>No se pudo escribir el archivo: {0}</translation>
    </message>
</context>
<context>
    <name>VCardImportDialog</name>
    <message>
        <source>Import contacts from vCard</source>
        <translation>Importar contactos de vCard</translation>
    </message>
    <message>
        <source>The account named by each card's company (ORG)</source>
        <translation>La cuenta que nombra la empresa de cada tarjeta (ORG)</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Línea</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>What happens</source>
        <translation>Qué pasa</translation>
    </message>
    <message>
        <source>Import the valid cards</source>
        <translation>Importar las tarjetas válidas</translation>
    </message>
    <message>
        <source>Undo this import</source>
        <translation>Deshacer esta importación</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>File: {0}</source>
        <translation>Archivo: {0}</translation>
    </message>
    <message>
        <source>Contacts of:</source>
        <translation>Contactos de:</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Se agrega</translation>
    </message>
    <message>
        <source>Already there: skipped</source>
        <translation>Ya está: se omite</translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s) to add</source>
        <translation><numerusform>%n contacto por agregar</numerusform><numerusform>%n contactos por agregar</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n already there</source>
        <translation><numerusform>%n ya está</numerusform><numerusform>%n ya están</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n card(s) with problems</source>
        <translation><numerusform>%n tarjeta con problemas</numerusform><numerusform>%n tarjetas con problemas</numerusform></translation>
    </message>
    <message>
        <source>Nothing was imported: {0}</source>
        <translation>No se importó nada: {0}</translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s) added.</source>
        <translation><numerusform>%n contacto agregado.</numerusform><numerusform>%n contactos agregados.</numerusform></translation>
    </message>
    <message>
        <source>The import was undone.</source>
        <translation>La importación se deshizo.</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>Visit</source>
        <translation>Visita</translation>
    </message>
    <message>
        <source>New contact…</source>
        <translation>Nuevo contacto…</translation>
    </message>
    <message>
        <source>Correct contact…</source>
        <translation>Corregir contacto…</translation>
    </message>
    <message>
        <source>Check in now</source>
        <translation>Registrar llegada ahora</translation>
    </message>
    <message>
        <source>Check out now</source>
        <translation>Registrar salida ahora</translation>
    </message>
    <message>
        <source>(not yet)</source>
        <translation>(aún no)</translation>
    </message>
    <message>
        <source>Follow up on</source>
        <translation>Hacer seguimiento el</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>Fecha y hora</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Lugar</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Propósito</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Check-in</source>
        <translation>Llegada</translation>
    </message>
    <message>
        <source>Check-out</source>
        <translation>Salida</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Why they said no</source>
        <translation>Por qué dijo que no</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Siguiente paso</translation>
    </message>
    <message>
        <source>Attachments…</source>
        <translation>Adjuntos…</translation>
    </message>
    <message>
        <source>Photos and documents of this visit.</source>
        <translation>Fotos y documentos de esta visita.</translation>
    </message>
    <message>
        <source>(nobody in particular)</source>
        <translation>(nadie en particular)</translation>
    </message>
</context>
<context>
    <name>_ExitGuard</name>
    <message>
        <source>Unsent changes</source>
        <translation>Cambios sin enviar</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) are not on the server yet. Sync before closing?</source>
        <translation><numerusform>%n cambio aún no está en el servidor. ¿Sincronizar antes de cerrar?</numerusform><numerusform>%n cambios aún no están en el servidor. ¿Sincronizar antes de cerrar?</numerusform></translation>
    </message>
    <message>
        <source>The sync failed</source>
        <translation>La sincronización falló</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) stay on this laptop and will be sent at the next sync.</source>
        <translation><numerusform>%n cambio queda en este portátil y se enviará en la próxima sincronización.</numerusform><numerusform>%n cambios quedan en este portátil y se enviarán en la próxima sincronización.</numerusform></translation>
    </message>
    <message>
        <source>The changes could not be sent: %1</source>
        <translation>No se pudieron enviar los cambios: %1</translation>
    </message>
    <message>
        <source>Close anyway</source>
        <translation>Cerrar de todos modos</translation>
    </message>
    <message>
        <source>Keep open</source>
        <translation>Mantener abierto</translation>
    </message>
</context>
<context>
    <name>exporter</name>
    <message>
        <source>Export as CSV or Excel…</source>
        <translation>Exportar como CSV o Excel…</translation>
    </message>
</context>
</TS>