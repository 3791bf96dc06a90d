-- Hand-written (drizzle-kit does not model triggers), as drizzle/0003_privacy.sql is for SQLite: the
-- audit log is append-only. No entry is ever changed; an entry is deleted only when it is about a
-- client who has been erased (a tombstone in `erasures` names them).
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' AND EXISTS (
		SELECT 1 FROM erasures AS e
		WHERE OLD.subject = 'client:' || e.client_id OR OLD.actor = 'client:' || e.client_id
	) THEN
		RETURN OLD;
	END IF;
	RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_delete_only_erased BEFORE DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
