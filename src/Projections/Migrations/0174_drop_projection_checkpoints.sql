-- The async projections run on Marten's async daemon (issue 14): their progress is Marten's (atencion_es.mt_event_progression),
-- and rebuild requests, faults and the live tables' position are each projection's control row
-- (proj_{name}.atencion_control, created with the projection's tables by the owner's schema apply). The hand-made
-- daemon's table goes. Projections whose tables it had filled are rebuilt: the control row asks for it when it is
-- created beside live tables that hold rows.
drop table if exists atencion.projection_checkpoints;
