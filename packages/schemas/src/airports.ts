/**
 * City names as the Kaggle flight-fare files spell them (including the
 * misspelled "Banglore") mapped to the IATA code their Route column uses.
 */
const CITY_TO_AIRPORT: Record<string, string> = {
  delhi: 'DEL',
  'new delhi': 'DEL',
  kolkata: 'CCU',
  banglore: 'BLR',
  bangalore: 'BLR',
  bengaluru: 'BLR',
  mumbai: 'BOM',
  chennai: 'MAA',
  cochin: 'COK',
  kochi: 'COK',
  hyderabad: 'HYD',
};

/** Display names for airports, shown as "DEL · Delhi". */
const AIRPORT_CITY: Record<string, string> = {
  DEL: 'Delhi',
  CCU: 'Kolkata',
  BLR: 'Bangalore',
  BOM: 'Mumbai',
  MAA: 'Chennai',
  COK: 'Kochi',
  HYD: 'Hyderabad',
  GOI: 'Goa',
  PNQ: 'Pune',
  AMD: 'Ahmedabad',
  JAI: 'Jaipur',
  LKO: 'Lucknow',
  IXC: 'Chandigarh',
  GAU: 'Guwahati',
  BBI: 'Bhubaneswar',
  NAG: 'Nagpur',
  IDR: 'Indore',
  PAT: 'Patna',
  TRV: 'Thiruvananthapuram',
  VNS: 'Varanasi',
  IXB: 'Bagdogra',
  IXR: 'Ranchi',
  ATQ: 'Amritsar',
  BHO: 'Bhopal',
  VTZ: 'Visakhapatnam',
  IXZ: 'Port Blair',
  SXR: 'Srinagar',
  IXU: 'Aurangabad',
  IXA: 'Agartala',
  IMF: 'Imphal',
  JDH: 'Jodhpur',
  UDR: 'Udaipur',
  RPR: 'Raipur',
  GOP: 'Gorakhpur',
  DED: 'Dehradun',
  IXJ: 'Jammu',
  JLR: 'Jabalpur',
  BDQ: 'Vadodara',
  STV: 'Surat',
  KNU: 'Kanpur',
  IXM: 'Madurai',
  TRZ: 'Tiruchirappalli',
  CJB: 'Coimbatore',
  IXE: 'Mangalore',
  VGA: 'Vijayawada',
  TIR: 'Tirupati',
  RAJ: 'Rajkot',
  BHU: 'Bhavnagar',
  ISK: 'Nashik',
  IXL: 'Leh',
  DIB: 'Dibrugarh',
  GWL: 'Gwalior',
  HBX: 'Hubli',
  IXD: 'Allahabad',
  KLH: 'Kolhapur',
  PNY: 'Puducherry',
};

/** Normalized display name for a city as written in the data ("Banglore" becomes "Bangalore"). */
const CITY_DISPLAY: Record<string, string> = {
  banglore: 'Bangalore',
  'new delhi': 'New Delhi',
};

export function airportForCity(city: string): string | undefined {
  return CITY_TO_AIRPORT[city.trim().toLowerCase()];
}

export function cityForAirport(code: string): string | undefined {
  return AIRPORT_CITY[code.toUpperCase()];
}

export function displayCityName(city: string): string {
  const trimmed = city.trim();
  const known = CITY_DISPLAY[trimmed.toLowerCase()];
  if (known) return known;
  return trimmed
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
