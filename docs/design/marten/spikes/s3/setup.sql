-- run as postgres
drop database if exists s3_es;
drop role if exists s3_svc;
drop role if exists s3_owner;
create role s3_owner login;
create role s3_svc login;
create database s3_es owner s3_owner;
\c s3_es
revoke all on database s3_es from public;
grant connect on database s3_es to s3_svc;
