"""Questions and answers of the public «Informazioni utili» page, written for this portal.

Answers are trusted HTML from this file (rendered with |safe); the placeholders in braces
are filled by `sezioni()` with the configured contacts and limits.
"""

from django.utils.html import escape

SEZIONI = [
    ("generali", "Il portale", [
        ("Che cos'è il Portale Gestione Incarichi?",
         "<p>È il servizio con cui le istituzioni scolastiche conferiscono gli <em>incarichi "
         "individuali</em> (esperti, tutor, progettisti, collaudatori…) in modo trasparente e "
         "uniforme: rilevazione del fabbisogno, procedura di selezione, candidature, "
         "valutazione, graduatoria, conferimento dell'incarico e pubblicazione in "
         "Amministrazione trasparente.</p>"),
        ("Chi può accedere?",
         "<ul><li>i <strong>cittadini</strong> che vogliono consultare gli avvisi e "
         "candidarsi;</li><li>il <strong>personale degli istituti</strong> (Dirigente "
         "Scolastico, DSGA, Segreteria, Referenti di progetto) a cui è stato assegnato un "
         "ruolo;</li><li>il personale autorizzato dell'<strong>Amministrazione "
         "centrale</strong> e del <strong>Supporto</strong>.</li></ul>"
         "<p>Le pagine pubbliche (avvisi, esiti, strumenti pubblici, queste informazioni) "
         "non richiedono l'accesso.</p>"),
    ]),
    ("accesso", "Accesso al portale", [
        ("Come accedo al portale?",
         "<p>Premi <strong>Accedi all'area personale</strong> in alto a destra, poi "
         "<strong>Entra con SPID</strong> (e scegli il tuo gestore di identità) oppure "
         "<strong>Entra con CIE</strong>. Serve un'identità SPID di livello 2 o la Carta "
         "d'Identità Elettronica. Al primo accesso il portale registra nome, cognome, codice "
         "fiscale ed e-mail comunicati dal gestore: non ci sono password da ricordare.</p>"),
        ("Non riesco ad accedere. Cosa posso fare?",
         "<p>Verifica che le credenziali siano corrette e che il tuo gestore SPID sia attivo "
         "(prova ad accedere al sito del gestore). Se usi la CIE, controlla il PIN e "
         "l'app CieID. Se il problema persiste scrivi a "
         "<a href=\"mailto:{email_assistenza}\">{email_assistenza}</a> indicando il tuo codice "
         "fiscale, il gestore usato, l'ora del tentativo e il messaggio di errore: senza accesso "
         "non puoi aprire un ticket.</p>"),
        ("Ho effettuato l'accesso ma non vedo le funzioni del mio ruolo.",
         "<p>I ruoli di istituto (DSGA, Segreteria, Referente di progetto) li assegna il "
         "Dirigente Scolastico dalla pagina <strong>Personale dell'istituto</strong>; il "
         "ruolo di Dirigente Scolastico lo assegna l'Amministrazione centrale. Il ruolo vale "
         "dalla data indicata: se è stato assegnato a un codice fiscale diverso dal tuo o con "
         "una data futura non lo vedrai. Controlla in alto a destra la dicitura "
         "<strong>Operi come</strong>.</p>"),
        ("Lavoro in più istituti (reggenza): come cambio istituto?",
         "<p>Quando hai più ruoli, in alto compare il menu <strong>Operi come</strong>: "
         "scegli il ruolo e l'istituto e premi <strong>Cambia</strong>. Tutte le pagine "
         "mostrano da quel momento solo i dati di quell'istituto; la scelta resta valida "
         "fino all'uscita.</p>"),
        ("Come esco dal portale?",
         "<p>Premi <strong>Esci</strong> in alto a destra. Per sicurezza la sessione scade "
         "comunque dopo alcune ore; chiudi il browser se usi un computer condiviso.</p>"),
    ]),
    ("notifiche", "Notifiche", [
        ("Dove trovo le notifiche?",
         "<p>Nella voce <strong>Notifiche</strong> del menu (il numero indica quelle da "
         "leggere) e nel tuo cruscotto. Ogni notifica porta alla pagina a cui si riferisce e "
         "viene inviata anche per e-mail all'indirizzo comunicato dal tuo gestore SPID o CIE.</p>"),
        ("Da quale indirizzo arrivano le e-mail?",
         "<p>Le notifiche arrivano dal mittente <strong>{mittente_notifiche}</strong>; le "
         "risposte ai ticket di assistenza da <strong>{email_assistenza}</strong>. Aggiungi "
         "questi indirizzi alla rubrica perché non finiscano nella posta indesiderata.</p>"),
    ]),
    ("strumenti", "Strumenti", [
        ("Che cosa trovo nella sezione «Strumenti»?",
         "<p>Manuali (tra cui la guida utente di questo portale), template, modulistica e "
         "normativa messi a disposizione dall'Amministrazione centrale per tutte le scuole e "
         "dal tuo istituto per il proprio personale. Puoi filtrare per categoria, ambito "
         "(nazionale o di istituto) e visibilità e cercare nel titolo e nella descrizione.</p>"),
        ("Chi può vedere e scaricare uno strumento?",
         "<p>Dipende dalla visibilità scelta da chi lo carica:</p><ul>"
         "<li><strong>Pubblico</strong>: chiunque, anche senza accedere;</li>"
         "<li><strong>Tutti gli utenti del portale</strong>: chi ha effettuato l'accesso (per "
         "gli strumenti di un istituto, il personale di quell'istituto);</li>"
         "<li><strong>Segreterie</strong>: Dirigenti Scolastici, DSGA e Segreterie;</li>"
         "<li><strong>Referenti di progetto</strong>: i referenti e anche le segreterie, che "
         "ne coordinano il lavoro.</li></ul>"
         "<p>Gli strumenti di un istituto non pubblici li vede solo il personale di "
         "quell'istituto.</p>"),
        ("Come carico uno strumento?",
         "<p>Se sei Dirigente Scolastico, DSGA o Segreteria (o Amministrazione centrale per gli "
         "strumenti nazionali) apri <strong>Strumenti</strong> e scegli <strong>Carica "
         "strumenti</strong>: indica titolo, descrizione, categoria, visibilità e il file. "
         "Lo strumento è subito disponibile per chi lo può vedere.</p>"),
        ("Come aggiorno un documento già caricato?",
         "<p>Dalla pagina dello strumento scegli <strong>Carica nuova versione</strong>: il "
         "nuovo file sostituisce il precedente per tutti, e le versioni precedenti restano "
         "nello storico con data, autore e impronta del file.</p>"),
        ("Quali file posso caricare?",
         "<p>Negli strumenti: PDF, file firmati P7M, documenti e fogli di calcolo DOCX, XLSX, "
         "ODT e ODS. Negli allegati ai ticket: PDF, immagini PNG e JPEG. Ogni file può pesare "
         "al massimo {dimensione_massima}; il tipo viene controllato sul contenuto, non solo "
         "sull'estensione (i documenti con macro non sono accettati).</p>"),
    ]),
    ("assistenza", "Assistenza", [
        ("Come posso richiedere assistenza?",
         "<p>Dopo l'accesso apri <strong>Assistenza</strong> e scegli <strong>Apri "
         "ticket</strong>: indica la tipologia del problema, un oggetto breve, la descrizione "
         "e, se serve, allega schermate o documenti e il codice della procedura di selezione "
         "a cui si riferisce. Riceverai un codice come <strong>TCK-2026-000123</strong> e "
         "un'e-mail di conferma.</p>"),
        ("Come posso monitorare il mio ticket?",
         "<p>Nella sezione <strong>Monitoraggio Tickets</strong> dell'area Assistenza trovi "
         "tutti i tuoi ticket; puoi filtrarli per <strong>Id ticket</strong>, "
         "<strong>Tipologia</strong>, stato e date. Aprendo un ticket leggi tutte le risposte "
         "e puoi inviare un riscontro.</p>"),
        ("Che cosa significano gli stati del ticket?",
         "<ul><li><strong>Aperto</strong>: ricevuto, in attesa di un operatore;</li>"
         "<li><strong>In lavorazione</strong>: un operatore se ne sta occupando;</li>"
         "<li><strong>In attesa di riscontro</strong>: l'operatore ti ha chiesto informazioni: "
         "rispondi dalla pagina del ticket;</li>"
         "<li><strong>Risolto</strong>: l'operatore ha indicato la soluzione;</li>"
         "<li><strong>Chiuso</strong>: la richiesta è conclusa.</li></ul>"),
        ("Il problema si è ripresentato: posso riaprire il ticket?",
         "<p>Sì, entro {giorni_riapertura} giorni da quando è stato risolto o chiuso: dalla "
         "pagina del ticket premi <strong>Riapri il ticket</strong> e spiega che cosa non va. "
         "Oltre quel termine apri un nuovo ticket citando il codice del precedente.</p>"),
        ("Chi legge i miei ticket?",
         "<p>Solo tu e gli operatori del Supporto. Il personale del tuo istituto e gli altri "
         "utenti non li vedono.</p>"),
    ]),
    ("candidature", "Avvisi e candidature", [
        ("Come partecipo a una procedura di selezione?",
         "<p>Consulta gli avvisi pubblicati dagli istituti; quando una procedura è aperta "
         "accedi con SPID o CIE, compila la candidatura con gli allegati richiesti e inviala "
         "entro la scadenza: riceverai il numero di protocollo e la ricevuta. Le candidature "
         "inviate non si modificano, ma puoi ritirarle e inviarne una nuova prima della "
         "scadenza.</p>"),
    ]),
]


def sezioni(contatti: dict) -> list[dict]:
    """The sections with the placeholders filled (values HTML-escaped)."""
    def compila(testo: str) -> str:
        for chiave, valore in contatti.items():
            testo = testo.replace("{" + chiave + "}", escape(str(valore)))
        return testo

    return [
        {"id": ident, "titolo": titolo,
         "voci": [{"domanda": domanda, "risposta": compila(risposta)} for domanda, risposta in voci]}
        for ident, titolo, voci in SEZIONI
    ]
