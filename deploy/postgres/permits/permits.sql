-- A stand-in for the municipality's permit system: applications, their steps and their managers, plus the outbox
-- that Debezium reads. The permit system itself knows managers by a person number (here the raw identifier that
-- Kafka must never see); the pseudonymisation transform in Kafka Connect replaces it.
--
-- The outbox row is written in the same transaction as the step, by a trigger, in the PermitEvent JSON shape
-- (README "JSON format"). A real permit system needs the same trigger (or its application writing the outbox row);
-- that is the part a deployment adds on the permit system's side.

CREATE TABLE aanvraag (
    id                TEXT PRIMARY KEY,             -- application id, e.g. HV-2024-0017
    soort             TEXT NOT NULL CHECK (soort IN ('EXPLOITATIE', 'ALCOHOL', 'TERRAS')),
    kvk_nummer        CHAR(8) NOT NULL,
    vestigingsnummer  CHAR(12),
    bag_vbo_id        CHAR(16) NOT NULL
);

CREATE TABLE aanvraag_leidinggevende (
    aanvraag_id       TEXT NOT NULL REFERENCES aanvraag (id),
    persoonsnummer    TEXT NOT NULL,                -- raw person identifier: pseudonymised in Kafka Connect
    PRIMARY KEY (aanvraag_id, persoonsnummer)
);

CREATE TABLE aanvraag_stap (
    id                BIGSERIAL PRIMARY KEY,
    aanvraag_id       TEXT NOT NULL REFERENCES aanvraag (id),
    stap              TEXT NOT NULL CHECK (stap IN ('SUBMITTED', 'COMPLETED', 'BIBOB_FORM_RECEIVED', 'DECIDED',
                                                     'WITHDRAWN', 'MANAGER_CHANGED', 'REVOKED')),
    tijdstip          TIMESTAMPTZ NOT NULL,
    uitkomst          TEXT
);

-- Debezium's outbox event router columns: id, aggregatetype, aggregateid, payload.
CREATE TABLE barriere_outbox (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    aggregatetype     TEXT NOT NULL,
    aggregateid       TEXT NOT NULL,
    payload           JSONB NOT NULL
);

CREATE FUNCTION barriere_outbox_permit_event() RETURNS trigger AS $$
BEGIN
    INSERT INTO barriere_outbox (aggregatetype, aggregateid, payload)
    SELECT 'permit', a.id, jsonb_build_object(
        'eventId', 'hor-' || lpad(NEW.id::text, 9, '0'),
        'occurredAt', to_char(NEW.tijdstip AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'source', jsonb_build_object('system', 'horeca-zaaksysteem', 'reference', 'stap-' || NEW.id),
        'applicationId', a.id,
        'type', NEW.stap,
        'permitKind', a.soort,
        'applicantKvkNumber', a.kvk_nummer,
        'establishmentNumber', a.vestigingsnummer,
        'bagVboId', a.bag_vbo_id,
        'managerPseudonyms', COALESCE((SELECT jsonb_agg(l.persoonsnummer ORDER BY l.persoonsnummer)
                                       FROM aanvraag_leidinggevende l WHERE l.aanvraag_id = a.id), '[]'::jsonb),
        'outcome', NEW.uitkomst)
    FROM aanvraag a WHERE a.id = NEW.aanvraag_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER aanvraag_stap_outbox AFTER INSERT ON aanvraag_stap
    FOR EACH ROW EXECUTE FUNCTION barriere_outbox_permit_event();

GRANT SELECT ON ALL TABLES IN SCHEMA public TO barriere_cdc;
-- pgoutput publishes only what the publication names; Debezium creates it (publication.autocreate.mode=filtered)
-- as the owner of the table, so the outbox belongs to the CDC user.
ALTER TABLE barriere_outbox OWNER TO barriere_cdc;

-- Seed: two applications at the same address; the second one's manager is the first one's.
INSERT INTO aanvraag VALUES
    ('HV-2024-0017', 'EXPLOITATIE', '12345678', '000012345678', '0546010000012345'),
    ('HV-2024-0031', 'ALCOHOL',     '23456789', '000023456789', '0546010000012345');
INSERT INTO aanvraag_leidinggevende VALUES
    ('HV-2024-0017', 'PN-100017'),
    ('HV-2024-0031', 'PN-100017'),
    ('HV-2024-0031', 'PN-100342');
INSERT INTO aanvraag_stap (aanvraag_id, stap, tijdstip, uitkomst) VALUES
    ('HV-2024-0017', 'SUBMITTED', '2024-06-10 10:00:00+02', NULL),
    ('HV-2024-0017', 'COMPLETED', '2024-06-17 09:30:00+02', NULL),
    ('HV-2024-0031', 'SUBMITTED', '2024-09-02 14:00:00+02', NULL);
