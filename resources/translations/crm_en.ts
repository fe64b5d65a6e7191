<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>AcceptSignedDialog</name>
    </context>
<context>
    <name>AccountForm</name>
    </context>
<context>
    <name>AccountSales</name>
    </context>
<context>
    <name>AccountTableModel</name>
    </context>
<context>
    <name>AccountView</name>
    <message numerus="yes">
        <source>Value: %1 · RFM %2 (R %3 · F %4 · M %5) · %n purchase(s), last %6 days ago</source>
        <translation><numerusform>Value: %1 · RFM %2 (R %3 · F %4 · M %5) · %n purchase, last %6 days ago</numerusform><numerusform>Value: %1 · RFM %2 (R %3 · F %4 · M %5) · %n purchases, last %6 days ago</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Timeline (%n)</source>
        <translation><numerusform>Timeline (%n)</numerusform><numerusform>Timeline (%n)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Saved: %n product(s) owned.</source>
        <translation><numerusform>Saved: %n product owned.</numerusform><numerusform>Saved: %n products owned.</numerusform></translation>
    </message>
</context>
<context>
    <name>AccountsExport</name>
    </context>
<context>
    <name>AccountsPage</name>
    <message numerus="yes">
        <source>%n account(s)</source>
        <translation><numerusform>%n account</numerusform><numerusform>%n accounts</numerusform></translation>
    </message>
    </context>
<context>
    <name>Actions</name>
    </context>
<context>
    <name>AlertController</name>
    <message numerus="yes">
        <source>%n more in Today</source>
        <translation><numerusform>%n more in Today</numerusform><numerusform>%n more in Today</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n follow-up(s) overdue, see Today</source>
        <translation><numerusform>%n follow-up overdue, see Today</numerusform><numerusform>%n follow-ups overdue, see Today</numerusform></translation>
    </message>
</context>
<context>
    <name>AttachmentsDialog</name>
    </context>
<context>
    <name>CalendarAddressBox</name>
    </context>
<context>
    <name>CallDialog</name>
    </context>
<context>
    <name>CampaignMembers</name>
    </context>
<context>
    <name>CampaignPlan</name>
    </context>
<context>
    <name>CampaignsPage</name>
    </context>
<context>
    <name>CardList</name>
    </context>
<context>
    <name>ColumnSteps</name>
    </context>
<context>
    <name>Conflicts</name>
    </context>
<context>
    <name>ConflictsPage</name>
    </context>
<context>
    <name>ConflictsWindow</name>
    </context>
<context>
    <name>ContactDialog</name>
    </context>
<context>
    <name>ContactsModel</name>
    </context>
<context>
    <name>ContactsTab</name>
    </context>
<context>
    <name>ContentDownload</name>
    </context>
<context>
    <name>CostsTab</name>
    </context>
<context>
    <name>DuplicateAccounts</name>
    </context>
<context>
    <name>DuplicateAccountsDialog</name>
    <message numerus="yes">
        <source>%n pair(s) of duplicate accounts.</source>
        <translation><numerusform>%n pair of duplicate accounts.</numerusform><numerusform>%n pairs of duplicate accounts.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>{0} — {1}, %n contact(s)</source>
        <translation><numerusform>{0} — {1}, %n contact</numerusform><numerusform>{0} — {1}, %n contacts</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Merged: %n record(s) moved to the account that stays.</source>
        <translation><numerusform>Merged: %n record moved to the account that stays.</numerusform><numerusform>Merged: %n records moved to the account that stays.</numerusform></translation>
    </message>
</context>
<context>
    <name>FieldErrors</name>
    </context>
<context>
    <name>FileSteps</name>
    </context>
<context>
    <name>FilesTab</name>
    </context>
<context>
    <name>ICalExport</name>
    </context>
<context>
    <name>IdleLock</name>
    </context>
<context>
    <name>ImportWizard</name>
    <message numerus="yes">
        <source>%n new account(s)</source>
        <translation><numerusform>%n new account</numerusform><numerusform>%n new accounts</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n to update</source>
        <translation><numerusform>%n to update</numerusform><numerusform>%n to update</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n to skip</source>
        <translation><numerusform>%n to skip</numerusform><numerusform>%n to skip</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) with problems</source>
        <translation><numerusform>%n line with problems</numerusform><numerusform>%n lines with problems</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) created</source>
        <translation><numerusform>%n account created</numerusform><numerusform>%n accounts created</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n possible duplicate(s) by name</source>
        <translation><numerusform>%n possible duplicate by name</numerusform><numerusform>%n possible duplicates by name</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n new record(s)</source>
        <translation><numerusform>%n new record</numerusform><numerusform>%n new records</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) created</source>
        <translation><numerusform>%n record created</numerusform><numerusform>%n records created</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) updated</source>
        <translation><numerusform>%n record updated</numerusform><numerusform>%n records updated</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n account(s) updated</source>
        <translation><numerusform>%n account updated</numerusform><numerusform>%n accounts updated</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s) created</source>
        <translation><numerusform>%n contact created</numerusform><numerusform>%n contacts created</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s) already there</source>
        <translation><numerusform>%n contact already there</numerusform><numerusform>%n contacts already there</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) skipped</source>
        <translation><numerusform>%n line skipped</numerusform><numerusform>%n lines skipped</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) with problems not imported</source>
        <translation><numerusform>%n line with problems not imported</numerusform><numerusform>%n lines with problems not imported</numerusform></translation>
    </message>
</context>
<context>
    <name>InstanceLock</name>
    </context>
<context>
    <name>Labels</name>
    </context>
<context>
    <name>LockScreen</name>
    <message numerus="yes">
        <source>Locked after %n idle minute(s)</source>
        <translation><numerusform>Locked after %n idle minute</numerusform><numerusform>Locked after %n idle minutes</numerusform></translation>
    </message>
    </context>
<context>
    <name>LoginDialog</name>
    </context>
<context>
    <name>LostReasonDialog</name>
    </context>
<context>
    <name>MailDialog</name>
    </context>
<context>
    <name>MailTab</name>
    <message numerus="yes">
        <source>%n without marketing consent</source>
        <translation><numerusform>%n without marketing consent</numerusform><numerusform>%n without marketing consent</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n without an e-mail address</source>
        <translation><numerusform>%n without an e-mail address</numerusform><numerusform>%n without an e-mail address</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n already contacted or out</source>
        <translation><numerusform>%n already contacted or out</numerusform><numerusform>%n already contacted or out</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n e-mail(s) queued in the outbox.</source>
        <translation><numerusform>%n e-mail queued in the outbox.</numerusform><numerusform>%n e-mails queued in the outbox.</numerusform></translation>
    </message>
    </context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n change(s) waiting to sync</source>
        <translation><numerusform>%n change waiting to sync</numerusform><numerusform>%n changes waiting to sync</numerusform></translation>
    </message>
</context>
<context>
    <name>ManagerPanel</name>
    </context>
<context>
    <name>MarketTab</name>
    </context>
<context>
    <name>MembersTab</name>
    <message numerus="yes">
        <source>The first %1 of %n member(s).</source>
        <translation><numerusform>The first %1 of %n member.</numerusform><numerusform>The first %1 of %n members.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n member(s).</source>
        <translation><numerusform>%n member.</numerusform><numerusform>%n members.</numerusform></translation>
    </message>
</context>
<context>
    <name>NewAccountDialog</name>
    </context>
<context>
    <name>NoteDialog</name>
    </context>
<context>
    <name>Operations</name>
    </context>
<context>
    <name>OpportunityDialog</name>
    </context>
<context>
    <name>OutboxDialog</name>
    <message numerus="yes">
        <source>Nothing was sent; %n message(s) wait for:</source>
        <translation><numerusform>Nothing was sent; %n message waits for:</numerusform><numerusform>Nothing was sent; %n messages wait for:</numerusform></translation>
    </message>
    </context>
<context>
    <name>PassphraseDialog</name>
    </context>
<context>
    <name>PeriodPicker</name>
    </context>
<context>
    <name>PipelineListModel</name>
    </context>
<context>
    <name>PipelinePage</name>
    </context>
<context>
    <name>PlanTab</name>
    </context>
<context>
    <name>PreviewDialog</name>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation><numerusform>%n page</numerusform><numerusform>%n pages</numerusform></translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    </context>
<context>
    <name>Privacy</name>
    </context>
<context>
    <name>PrivacyLogDialog</name>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation><numerusform>%n request</numerusform><numerusform>%n requests</numerusform></translation>
    </message>
    </context>
<context>
    <name>QuickAccountPicker</name>
    </context>
<context>
    <name>QuoteActions</name>
    </context>
<context>
    <name>QuoteBuilder</name>
    </context>
<context>
    <name>QuoteLinesModel</name>
    </context>
<context>
    <name>QuotesModel</name>
    </context>
<context>
    <name>QuotesPage</name>
    <message numerus="yes">
        <source>%n quote(s)</source>
        <translation><numerusform>%n quote</numerusform><numerusform>%n quotes</numerusform></translation>
    </message>
    </context>
<context>
    <name>ReadOnly</name>
    </context>
<context>
    <name>RemoteWipe</name>
    </context>
<context>
    <name>ReportPanel</name>
    </context>
<context>
    <name>ReportsPage</name>
    </context>
<context>
    <name>RescheduleDialog</name>
    </context>
<context>
    <name>ReturnTab</name>
    </context>
<context>
    <name>RunSteps</name>
    </context>
<context>
    <name>SalesTab</name>
    </context>
<context>
    <name>SettingsPage</name>
    </context>
<context>
    <name>SignaturePad</name>
    </context>
<context>
    <name>StageColumn</name>
    <message numerus="yes">
        <source>+%n more</source>
        <translation><numerusform>+%n more</numerusform><numerusform>+%n more</numerusform></translation>
    </message>
</context>
<context>
    <name>StaleLockDialog</name>
    </context>
<context>
    <name>SubjectRightsDialog</name>
    </context>
<context>
    <name>SyncStatusWidget</name>
    <message numerus="yes">
        <source>%n change(s) to send</source>
        <translation><numerusform>%n change to send</numerusform><numerusform>%n changes to send</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) need your decision</source>
        <translation><numerusform>%n item needs your decision</numerusform><numerusform>%n items need your decision</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) from the server could not be applied</source>
        <translation><numerusform>%n row from the server could not be applied</numerusform><numerusform>%n rows from the server could not be applied</numerusform></translation>
    </message>
    </context>
<context>
    <name>TableExport</name>
    </context>
<context>
    <name>TargetTab</name>
    <message numerus="yes">
        <source>%n account(s) match</source>
        <translation><numerusform>%n account matches</numerusform><numerusform>%n accounts match</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n can be added</source>
        <translation><numerusform>%n can be added</numerusform><numerusform>%n can be added</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n without marketing consent</source>
        <translation><numerusform>%n without marketing consent</numerusform><numerusform>%n without marketing consent</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n without a rep</source>
        <translation><numerusform>%n without a rep</numerusform><numerusform>%n without a rep</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n already member(s)</source>
        <translation><numerusform>%n already a member</numerusform><numerusform>%n already members</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n member(s) added.</source>
        <translation><numerusform>%n member added.</numerusform><numerusform>%n members added.</numerusform></translation>
    </message>
</context>
<context>
    <name>TaxesTab</name>
    </context>
<context>
    <name>Timeline</name>
    </context>
<context>
    <name>TodayPage</name>
    <message numerus="yes">
        <source>%n visit(s) planned for today</source>
        <translation><numerusform>%n visit planned for today</numerusform><numerusform>%n visits planned for today</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n reminder(s) for today</source>
        <translation><numerusform>%n reminder for today</numerusform><numerusform>%n reminders for today</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>, %n overdue</source>
        <translation><numerusform>, %n overdue</numerusform><numerusform>, %n overdue</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n quote(s) about to expire</source>
        <translation><numerusform>%n quote about to expire</numerusform><numerusform>%n quotes about to expire</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n campaign task(s)</source>
        <translation><numerusform>%n campaign task</numerusform><numerusform>%n campaign tasks</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n e-mail(s) to clients queued for more than 3 hours and not sent yet: see Quotes → Mail outbox.</source>
        <translation><numerusform>%n e-mail to a client queued for more than 3 hours and not sent yet: see Quotes → Mail outbox.</numerusform><numerusform>%n e-mails to clients queued for more than 3 hours and not sent yet: see Quotes → Mail outbox.</numerusform></translation>
    </message>
</context>
<context>
    <name>TotalsPanel</name>
    <message numerus="yes">
        <source>%n line(s) without a cost</source>
        <translation><numerusform>%n line without a cost</numerusform><numerusform>%n lines without a cost</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) below the minimum margin your manager set</source>
        <translation><numerusform>%n line below the minimum margin your manager set</numerusform><numerusform>%n lines below the minimum margin your manager set</numerusform></translation>
    </message>
    </context>
<context>
    <name>VCardExport</name>
    </context>
<context>
    <name>VCardImportDialog</name>
    <message numerus="yes">
        <source>%n contact(s) to add</source>
        <translation><numerusform>%n contact to add</numerusform><numerusform>%n contacts to add</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n already there</source>
        <translation><numerusform>%n already there</numerusform><numerusform>%n already there</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n card(s) with problems</source>
        <translation><numerusform>%n card with problems</numerusform><numerusform>%n cards with problems</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n contact(s) added.</source>
        <translation><numerusform>%n contact added.</numerusform><numerusform>%n contacts added.</numerusform></translation>
    </message>
    </context>
<context>
    <name>VisitDialog</name>
    </context>
<context>
    <name>_ExitGuard</name>
    <message numerus="yes">
        <source>%n change(s) are not on the server yet. Sync before closing?</source>
        <translation><numerusform>%n change is not on the server yet. Sync before closing?</numerusform><numerusform>%n changes are not on the server yet. Sync before closing?</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) stay on this laptop and will be sent at the next sync.</source>
        <translation><numerusform>%n change stays on this laptop and will be sent at the next sync.</numerusform><numerusform>%n changes stay on this laptop and will be sent at the next sync.</numerusform></translation>
    </message>
    </context>
<context>
    <name>exporter</name>
    </context>
</TS>