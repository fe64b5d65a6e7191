"""Fill a database file with a realistic Colombian field-sales CRM, fast, for demos and benchmarks.

Seeded rows stand for data already synced from the server: server_version=1, nothing goes
through the outbox. Rows are bulk-inserted with SQLAlchemy Core in their storage form (naive
UTC text for datetimes, scaled integers for FixedDecimal, 0/1 for booleans), exactly what the
column types would write, so the per-value Python type processing is skipped; the FTS index is
rebuilt once at the end instead of row by row through its triggers.

The vocabulary is long by nature; the generator functions stay short.
"""

from __future__ import annotations

import random
import time
import unicodedata
import uuid
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Dialect, Engine, create_engine, event, insert
from sqlalchemy.sql.expression import column, table
from stdnum.co import nit

from crm_desktop.clock import SYSTEM
from crm_desktop.models import Base
from crm_desktop.models.database import encrypted_url, make_engine
from crm_desktop.models.enums import STAGE_PROBABILITY, OpportunityStage
from crm_desktop.models.migrate import migrate_file
from crm_desktop.secure import sqlcipher
from crm_desktop.secure.sqlcipher import CIPHER_PRAGMAS, encrypt_if_plain

Progress = Callable[[int, int], None]
T = TypeVar("T")
Row = dict[str, Any]

# Insert order respects the foreign keys.
TABLES = (
    "users", "price_lists", "products", "product_costs", "price_list_items", "accounts", "contacts",
    "opportunities", "quotes", "quote_lines", "account_products", "visits", "activities",
    "reminders",
)  # fmt: skip
BATCH_ACCOUNTS = 2000
_EPOCH = datetime(1970, 1, 1)
_DAY = 86400


class SeedRefused(RuntimeError):
    """The target file already holds data and replace was not asked for."""


@dataclass(frozen=True)
class SeedReport:
    path: Path
    accounts: int
    rows_by_table: dict[str, int]
    seconds: float

    @property
    def total_rows(self) -> int:
        return sum(self.rows_by_table.values())


# ---------------------------------------------------------------- vocabulary
def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MALE = _words(
    "Juan Carlos Andrés Luis Jorge Diego Santiago Felipe Camilo Alejandro Sebastián Daniel "
    "David Javier Mauricio Ricardo Hernán Óscar Fernando Julián Miguel Pablo Esteban Nicolás "
    "Mateo Gustavo Álvaro Jaime Germán Fabio Sergio Iván Rafael Héctor Wilson John Édgar"
)
FEMALE = _words(
    "María Ana Luisa Carolina Paola Diana Natalia Catalina Andrea Claudia Sandra Marcela "
    "Juliana Valentina Laura Daniela Mónica Patricia Ángela Lucía Isabel Gloria Liliana Adriana "
    "Sofía Camila Beatriz Viviana Lorena Ximena Yolanda Martha Johana Leidy Paula"
)
SURNAMES = _words(
    "Rodríguez Gómez González Martínez García López Hernández Sánchez Ramírez Pérez Díaz Muñoz "
    "Rojas Moreno Jiménez Vargas Castro Gutiérrez Ortiz Álvarez Ruiz Suárez Romero Herrera "
    "Valencia Quintero Restrepo Ospina Cárdenas Mejía Zapata Londoño Arango Escobar Salazar "
    "Giraldo Castaño Betancur Montoya Osorio Agudelo Cardona Correa Duque Aristizábal Velásquez "
    "Bermúdez Parra Navarro Pineda Ríos Medina Cortés Guerrero Peña Rincón Acosta Mendoza "
    "Torres Vélez Ocampo Sierra Barrera Forero Pulido Camacho Becerra Rueda Serna Uribe Cuéllar "
    "Benavides"
)
COMPANY_KINDS = (
    "Distribuciones", "Inversiones", "Comercializadora", "Industrias", "Constructora",
    "Transportes", "Servicios", "Soluciones", "Importaciones", "Laboratorios", "Alimentos",
    "Textiles", "Agroindustrial", "Ferretería", "Droguería", "Clínica", "Colegio", "Hotel",
    "Tecnología", "Consultores", "Logística", "Grupo", "Inmobiliaria", "Manufacturas",
    "Confecciones", "Cooperativa", "Editorial", "Ingeniería", "Minerales", "Plásticos",
    "Metalmecánica", "Empaques", "Farmacéutica", "Papelería", "Calzado", "Muebles", "Energía",
    "Centro Médico", "Productos", "Suministros", "Cafés", "Lácteos", "Avícola", "Frigorífico",
)  # fmt: skip
COMPANY_CORES = (
    "Andina", "del Valle", "del Caribe", "Pacífico", "Antioqueña", "Santandereana",
    "Bolivariana", "Cafetera", "La Sabana", "El Dorado", "Los Andes", "Nacional", "Colombiana",
    "del Norte", "Central", "Orinoquía", "Magdalena", "Cordillera", "Tequendama", "Guadalupe",
    "San Jorge", "Santa Fe", "La Esperanza", "El Porvenir", "Monserrate", "Chicamocha", "Sinú",
    "Quimbaya", "Tayrona", "Altamira", "Continental", "Integral", "Global", "Express", "Premium",
    "Futura", "Horizonte", "La Estrella", "Aurora", "Capital", "Metropolitana", "Atlántico",
    "de los Llanos", "de Occidente", "del Oriente", "Las Palmas", "El Roble", "Los Cedros",
    "Santa Marta", "Boyacá", "del Tolima", "del Huila", "Nariño", "Caldas", "Risaralda",
    "La Montaña", "San Fernando", "Villa Rica", "El Bosque", "Sol y Mar", "Arco Iris",
)  # fmt: skip
LEGAL_FORMS = (("S.A.S.", 62), ("S.A.", 14), ("Ltda.", 12), ("& Cía. S.A.S.", 5), ("S. en C.", 3),
               ("S.A.S. BIC", 2), ("S.C.A.", 2))  # fmt: skip
SHOPS = ("Tienda", "Ferretería", "Panadería", "Droguería", "Papelería", "Taller", "Miscelánea",
         "Consultorio", "Almacén", "Restaurante")  # fmt: skip
# city, department, landline area digit (601 Bogotá... since the 2022 numbering plan), weight
CITIES = (
    ("Bogotá", "Bogotá D.C.", 1, 30), ("Medellín", "Antioquia", 4, 14),
    ("Cali", "Valle del Cauca", 2, 10), ("Barranquilla", "Atlántico", 5, 7),
    ("Cartagena", "Bolívar", 5, 4), ("Bucaramanga", "Santander", 7, 5),
    ("Pereira", "Risaralda", 6, 3), ("Manizales", "Caldas", 6, 2),
    ("Cúcuta", "Norte de Santander", 7, 3), ("Ibagué", "Tolima", 8, 2),
    ("Santa Marta", "Magdalena", 5, 2), ("Villavicencio", "Meta", 8, 2),
    ("Pasto", "Nariño", 2, 1), ("Montería", "Córdoba", 4, 1), ("Neiva", "Huila", 8, 1),
    ("Armenia", "Quindío", 6, 1), ("Popayán", "Cauca", 2, 1), ("Tunja", "Boyacá", 8, 1),
    ("Valledupar", "Cesar", 5, 1), ("Envigado", "Antioquia", 4, 2), ("Itagüí", "Antioquia", 4, 1),
    ("Soacha", "Cundinamarca", 1, 1), ("Chía", "Cundinamarca", 1, 1),
    ("Floridablanca", "Santander", 7, 1), ("Sincelejo", "Sucre", 5, 1),
)  # fmt: skip
MOBILE_PREFIXES = (300, 301, 302, 304, 305, 310, 311, 312, 313, 314, 315, 316, 317, 318, 319,
                   320, 321, 322, 323, 324, 350, 351)  # fmt: skip
STREETS = ("Calle", "Carrera", "Avenida Calle", "Avenida Carrera", "Transversal", "Diagonal")
ADDRESS_EXTRAS = ("", "", "", " Of. 402", " Local 3", " Piso 5", " Bodega 12", " Torre B Of. 1104")
CIIU = ("4659", "4690", "4711", "4752", "4771", "6201", "6202", "6209", "1011", "1081", "1410",
        "2229", "2511", "4111", "4290", "4923", "5210", "5511", "5611", "6810", "6920", "7020",
        "7110", "8511", "8610", "8621", "0125", "4620", "4645", "3290")  # fmt: skip
JOB_TITLES = ("Gerente General", "Gerente Administrativo", "Jefe de Compras", "Director de TI",
              "Contadora", "Asistente Administrativa", "Coordinador de Sistemas",
              "Directora Financiera", "Jefe de Cartera", "Representante Legal", "Propietario",
              "Jefe de Logística", "Gerente Comercial")  # fmt: skip
PERSONAL_MAIL = ("gmail.com", "hotmail.com", "outlook.com", "yahoo.es")
VISIONS = (
    "Ser la empresa líder de la región en {x} para 2030.",
    "Crecer en el mercado nacional de {x} con servicio cercano al cliente.",
    "Digitalizar toda la operación de {x} y abrir dos sedes nuevas.",
    "Exportar {x} a Centroamérica en los próximos cinco años.",
)  # fmt: skip
LOST_REASONS = ("Precio por encima del presupuesto", "Eligió a la competencia",
                "Sin presupuesto este año", "Proyecto aplazado", "No volvió a responder",
                "El producto no cumple un requisito")  # fmt: skip
OPP_NAMES = ("Renovación de licencias", "Implementación ERP", "Facturación electrónica",
             "Dotación de equipos", "Nómina electrónica", "Soporte anual", "Migración a la nube",
             "Capacitación de usuarios", "Puntos de venta", "Ampliación de usuarios")  # fmt: skip
VISIT_PURPOSES = ("Presentación de la empresa", "Demostración del producto",
                  "Seguimiento de propuesta", "Negociación de la cotización",
                  "Revisión de satisfacción trimestral", "Renovación de licencias",
                  "Levantamiento de requerimientos", "Entrega y capacitación")  # fmt: skip
VISIT_NOTES = ("Cliente interesado en ampliar usuarios.", "Pidió propuesta ajustada con descuento.",
               "Revisamos el avance de la implementación.", "Quedan pendientes dos requisitos.",
               "El gerente no estaba; atendió la asistente.",
               "Buena reunión, ven valor.")  # fmt: skip
NEXT_STEPS = ("Enviar cotización", "Agendar demostración", "Llamar la próxima semana",
              "Enviar propuesta ajustada", "Confirmar presupuesto con gerencia")  # fmt: skip
EMAIL_SUBJECTS = ("Envío de cotización", "Información de producto", "Confirmación de visita",
                  "Novedades del sector", "Factura y soportes", "Propuesta comercial")  # fmt: skip
NOTE_TEXTS = ("Prefiere reuniones en la mañana.", "Cambio de jefe de compras en marzo.",
              "Tienen proveedor actual con contrato hasta diciembre.",
              "Interesados en la app móvil para vendedores.")  # fmt: skip
REJECTIONS = ("No hay presupuesto", "Ya tienen proveedor", "No es prioridad ahora",
              "Precio muy alto")  # fmt: skip
REMINDER_TITLES = ("Llamar para seguimiento de propuesta", "Enviar cotización ajustada",
                   "Confirmar visita", "Evaluar satisfacción trimestral",
                   "Enviar novedades de su actividad económica", "Cobrar factura vencida",
                   "Preparar demostración")  # fmt: skip
TAX_RATE = {"iva19": Decimal("0.19"), "iva5": Decimal("0.05"), "exempt": Decimal(0),
            "excluded": Decimal(0)}  # fmt: skip
PRODUCT_LINES = {"LIC": "Licencias", "SOP": "Soporte", "SRV": "Servicios", "HW": "Equipos"}
_COST_IDS = uuid.UUID("6b1e0b7c-15c0-4c15-8c15-c15c15c15c15")


def product_cost_share(code: str) -> Decimal:
    """What a product costs us as a share of its list price: 35 % to 64 %, fixed per code (not
    drawn from the rng, so adding costs left every other seeded row as it was)."""
    return Decimal(35 + zlib.crc32(code.encode()) % 30) / 100


# (code, name, unit, tax category, is licence, list price in COP)
PRODUCTS = (
    ("LIC-ERP-STD", "Licencia ERP Estándar (usuario/año)", "usuario/año", "iva19", 1, 1_450_000),
    ("LIC-ERP-ENT", "Licencia ERP Empresarial (usuario/año)", "usuario/año", "iva19", 1, 2_600_000),
    ("LIC-NOM", "Licencia Nómina Electrónica (anual)", "licencia", "iva19", 1, 1_900_000),
    ("LIC-FE-1000", "Facturación electrónica, 1.000 documentos", "paquete", "iva19", 1, 480_000),
    ("LIC-FE-5000", "Facturación electrónica, 5.000 documentos", "paquete", "iva19", 1, 1_950_000),
    ("LIC-CRM", "Licencia CRM Ventas (usuario/año)", "usuario/año", "iva19", 1, 980_000),
    ("LIC-INV", "Licencia Inventarios y Bodegas (anual)", "licencia", "iva19", 1, 2_100_000),
    ("LIC-CONT", "Licencia Contabilidad NIIF (anual)", "licencia", "excluded", 1, 1_750_000),
    ("LIC-POS", "Licencia Punto de Venta POS (caja/año)", "caja/año", "iva19", 1, 690_000),
    ("LIC-DOC", "Licencia Gestión Documental (anual)", "licencia", "excluded", 1, 3_200_000),
    ("LIC-BI", "Licencia Analítica BI (usuario/año)", "usuario/año", "iva19", 1, 1_150_000),
    ("LIC-AF", "Módulo Activos Fijos (anual)", "licencia", "iva19", 1, 890_000),
    ("LIC-PROV", "Portal de Proveedores (anual)", "licencia", "excluded", 1, 2_400_000),
    ("LIC-APP", "App Móvil de Ventas (usuario/año)", "usuario/año", "iva19", 1, 520_000),
    ("LIC-AV", "Antivirus Endpoint (equipo/año)", "equipo/año", "iva19", 1, 95_000),
    ("LIC-M365", "Microsoft 365 Empresa (usuario/año)", "usuario/año", "iva19", 1, 610_000),
    ("LIC-BKP", "Copia de seguridad en la nube 500 GB (anual)", "licencia", "iva19", 1, 1_320_000),
    ("LIC-RRHH", "Módulo Gestión Humana (anual)", "licencia", "excluded", 1, 2_750_000),
    ("LIC-CART", "Módulo Cartera y Cobranza (anual)", "licencia", "iva19", 1, 1_050_000),
    ("LIC-PROD", "Módulo Producción MRP (anual)", "licencia", "iva19", 1, 4_800_000),
    ("SOP-85", "Soporte técnico 8x5 (anual)", "servicio", "iva19", 0, 3_600_000),
    ("SOP-247", "Soporte técnico 24x7 (anual)", "servicio", "iva19", 0, 9_800_000),
    ("SOP-H10", "Bolsa de 10 horas de soporte", "bolsa", "iva19", 0, 1_300_000),
    ("SOP-H40", "Bolsa de 40 horas de soporte", "bolsa", "iva19", 0, 4_700_000),
    ("SOP-MP", "Mantenimiento preventivo de equipos (visita)", "visita", "iva19", 0, 280_000),
    ("SOP-HOST", "Hosting en la nube (mensual)", "mes", "iva19", 0, 420_000),
    ("SRV-MIG", "Migración de datos", "servicio", "iva19", 0, 5_500_000),
    ("SRV-IMP", "Implementación ERP (proyecto)", "proyecto", "iva19", 0, 28_000_000),
    ("SRV-PAR", "Parametrización inicial", "servicio", "iva19", 0, 3_900_000),
    ("SRV-DEV", "Desarrollo a la medida (hora)", "hora", "iva19", 0, 185_000),
    ("SRV-CONS", "Consultoría en procesos (hora)", "hora", "iva19", 0, 210_000),
    ("SRV-INT", "Integración con DIAN y bancos", "servicio", "iva19", 0, 6_200_000),
    ("HW-LEN-E14", "Portátil Lenovo ThinkPad E14", "unidad", "iva19", 0, 4_350_000),
    ("HW-HP-440", "Portátil HP ProBook 440", "unidad", "iva19", 0, 3_890_000),
    ("HW-ASUS-BAS", "Portátil básico Asus Vivobook 15", "unidad", "excluded", 0, 1_890_000),
    ("HW-DELL-OPT", "Computador de escritorio Dell OptiPlex", "unidad", "iva19", 0, 3_250_000),
    ("HW-MON24", "Monitor 24 pulgadas Full HD", "unidad", "iva19", 0, 690_000),
    ("HW-IMP-TER", "Impresora térmica POS", "unidad", "iva19", 0, 540_000),
    ("HW-LECT", "Lector de código de barras", "unidad", "iva19", 0, 260_000),
    ("HW-CAJON", "Cajón monedero", "unidad", "iva19", 0, 210_000),
    ("HW-MFC", "Impresora multifuncional láser", "unidad", "iva19", 0, 1_450_000),
    ("HW-SRV", "Servidor Dell PowerEdge T150", "unidad", "iva19", 0, 12_900_000),
    ("HW-UPS3", "UPS 3 kVA en línea", "unidad", "iva19", 0, 3_100_000),
    ("HW-SW24", "Switch administrable 24 puertos", "unidad", "iva19", 0, 1_650_000),
    ("HW-AP", "Punto de acceso Wi-Fi 6", "unidad", "iva19", 0, 720_000),
    ("HW-TAB", "Tableta Samsung Galaxy Tab A9", "unidad", "excluded", 0, 1_150_000),
    ("HW-DD2T", "Disco duro externo 2 TB", "unidad", "iva19", 0, 390_000),
    ("HW-PAPEL", "Rollo de papel térmico (caja x 50)", "caja", "iva5", 0, 145_000),
    ("HW-ETIQ", "Etiquetas adhesivas para inventario (rollo)", "rollo", "iva5", 0, 68_000),
    ("HW-BIO", "Lector biométrico de huella", "unidad", "iva19", 0, 480_000),
    ("CAP-USR8", "Capacitación usuarios finales (8 h)", "sesión", "exempt", 0, 1_200_000),
    ("CAP-ADM16", "Capacitación administradores (16 h)", "sesión", "exempt", 0, 2_300_000),
    ("CAP-FE", "Taller de facturación electrónica", "persona", "exempt", 0, 350_000),
    ("CAP-NIIF", "Curso NIIF para pymes", "persona", "exempt", 0, 890_000),
    ("CAP-BI", "Diplomado analítica de datos", "persona", "excluded", 0, 2_900_000),
    ("CAP-VIRT", "Capacitación virtual por usuario", "usuario", "exempt", 0, 190_000),
    ("CAP-NOM", "Taller de nómina electrónica", "persona", "exempt", 0, 320_000),
    ("CAP-POS", "Capacitación cajeros POS (4 h)", "sesión", "exempt", 0, 480_000),
    ("SOP-RENOV", "Actualización de versión mayor", "servicio", "iva19", 0, 2_200_000),
    ("SOP-CERT", "Certificado de firma digital (anual)", "certificado", "iva19", 1, 260_000),
)  # fmt: skip
# full name, username, role, quote prefix
STAFF = (
    ("Juan Pablo Gómez Restrepo", "jpgomez", "rep", "JPG"),
    ("María Fernanda Rodríguez Ospina", "mfrodriguez", "rep", "MFR"),
    ("Carlos Andrés Restrepo Zapata", "carestrepo", "rep", "CAR"),
    ("Diana Marcela Ospina Cárdenas", "dmospina", "rep", "DMO"),
    ("Andrés Felipe Castaño Mejía", "afcastano", "rep", "AFC"),
    ("Laura Catalina Mejía Arango", "lcmejia", "rep", "LCM"),
    ("Jorge Iván Zapata Londoño", "jizapata", "rep", "JIZ"),
    ("Natalia Andrea Vargas Quintero", "navargas", "rep", "NAV"),
    ("Luis Fernando Arango Vélez", "lfarango", "manager", "LFA"),
    ("Claudia Patricia Herrera Duque", "cpherrera", "manager", "CPH"),
    ("Ricardo Duarte Pineda", "rduarte", "admin", "RDP"),
)  # fmt: skip
OUR_DOMAIN = "solucionesandinas.com.co"
ROLE_SETS = (("customer", 45), ("prospect", 33), ("customer,supplier", 5), ("customer,agent", 3),
             ("agent", 2), ("supplier", 3), ("competitor", 2), ("customer,beneficiary", 2),
             ("beneficiary", 1), ("customer,guarantor", 1), ("guarantor", 1), ("employee", 1),
             ("prospect,competitor", 1))  # fmt: skip
STAGE_WEIGHTS = (("prospecting", 15), ("qualification", 12), ("needs_analysis", 10),
                 ("proposal", 12), ("negotiation", 8), ("closed_won", 25),
                 ("closed_lost", 18))  # fmt: skip
CALL_RESULTS = ("answered", "answered", "answered", "no_answer", "call_back", "rejected")
VISIT_OUTCOMES = ("interested", "proposal_requested", "follow_up", "rejected", "no_decision")


# ---------------------------------------------------------------- storage-form helpers
def _dt(ts: int) -> str:
    """Epoch seconds as the naive-UTC text that UTCDateTime writes through SQLite's DateTime."""
    day, second = divmod(ts, _DAY)
    return f"{_day(day)} {_clock(second)}"


@lru_cache(maxsize=_DAY)
def _clock(second: int) -> str:
    hours, rest = divmod(second, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}.000000"


@lru_cache(maxsize=8192)
def _day(day: int) -> str:
    """Days since the epoch as the ISO text SQLite's Date type writes."""
    return (date(1970, 1, 1) + timedelta(days=day)).isoformat()


def _money(value: Decimal, scale: int = 4) -> int:
    """A Decimal as FixedDecimal stores it: a scaled integer."""
    return int(value.scaleb(scale).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@lru_cache(maxsize=4096)
def _ascii(text: str) -> str:
    """Lower-case ASCII for e-mail addresses and domains ("Peña" -> "pena")."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in folded if ch.isascii() and (ch.isalnum() or ch == "."))


def _weights(pairs: tuple[tuple[str, int], ...]) -> tuple[list[str], list[int]]:
    values, cum, total = [], [], 0
    for value, weight in pairs:
        total += weight
        values.append(value)
        cum.append(total)
    return values, cum


@dataclass(frozen=True)
class _Insert:
    """A table's Core INSERT compiled once, and how to line a row dict up with its parameters."""

    columns: frozenset[str]
    sql: str
    values: Callable[[Row], tuple[Any, ...]]


def _inserts(dialect: Dialect) -> dict[str, _Insert]:
    """Core INSERTs for the seeded tables, over typeless twins of the real tables.

    Rows already hold their storage form, so the statements carry no type processing, and
    they run as plain DBAPI executemany: SQLAlchemy's per-row parameter building would cost
    more than SQLite's own work at a million rows.
    """
    made = {}
    for name in TABLES:
        names = [c.name for c in Base.metadata.tables[name].columns if c.name != "row_key"]
        compiled = insert(table(name, *(column(n) for n in names))).compile(dialect=dialect)
        order = compiled.positiontup or []
        made[name] = _Insert(frozenset(names), str(compiled), itemgetter(*order))
    return made


# ---------------------------------------------------------------- the generator
class _Gen:
    """Makes rows into per-table buffers; one instance per seeding run."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.random = rng.random
        self.now = int(now.timestamp())
        offset = now.astimezone().utcoffset() or timedelta(0)
        self.tz = int(offset.total_seconds())  # local = UTC + tz
        self.today = (self.now + self.tz) // _DAY  # local day number
        self.rows: dict[str, list[Row]] = {name: [] for name in TABLES}
        self.tax_ids: set[str] = set()
        self.quote_seq: dict[str, int] = {}
        self.devices: dict[str, str] = {}
        self.kinds = _weights((("natural_person", 25), ("legal_entity", 60), ("corporate", 15)))
        self.roles = _weights(ROLE_SETS)
        self.forms = _weights(LEGAL_FORMS)
        self.stages = _weights(STAGE_WEIGHTS)
        self.city_cum = list(_weights(tuple((c[0], c[3]) for c in CITIES))[1])
        self.reps: list[tuple[str, str]] = []  # (user id, quote prefix)
        self.products: list[tuple[str, tuple[Any, ...]]] = []  # (product id, PRODUCTS entry)
        self.price_list_ids: list[str] = []

    # -- primitives
    def ri(self, low: int, high: int) -> int:
        """random.randint, several times faster (the seed draws millions of these)."""
        return low + int(self.random() * (high - low + 1))

    def ch(self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def pick(self, weighted: tuple[list[str], list[int]]) -> str:
        return self.rng.choices(weighted[0], cum_weights=weighted[1])[0]

    def id(self, ts: int) -> str:
        """A UUIDv7-shaped id whose time part is ts, its random part from the seeded rng."""
        r = self.rng.getrandbits(84)
        ms = ts * 1000 + (r & 0x3FF) % 1000
        value = (ms << 80) | (0x7 << 76) | (((r >> 10) & 0xFFF) << 64) | (0b10 << 62)
        value |= r >> 22
        h = f"{value:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def sync(self, ts: int, updated: int | None = None) -> Row:
        """The sync columns of a row created at ts, as the server last sent it."""
        return {
            "id": self.id(ts), "server_version": 1, "deleted_at": None,
            "created_at": _dt(ts), "updated_at": _dt(updated or ts),
        }  # fmt: skip

    def work_time(self, day: int) -> int:
        """A moment in office hours (local 8:00-17:00) on local day, moved off the weekend."""
        weekday = (day + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
        if weekday >= 5:
            day -= weekday - 4
        return day * _DAY - self.tz + self.ri(8 * 3600, 17 * 3600) // 300 * 300

    def past(self, max_days: int, min_days: int = 1) -> int:
        return self.work_time(self.today - self.ri(min_days, max(min_days, max_days)))

    def person(self) -> tuple[str, str]:
        rng = self.rng
        first = self.ch(MALE if rng.random() < 0.5 else FEMALE)
        if rng.random() < 0.35:
            first += " " + self.ch(MALE if first in MALE else FEMALE)
        return first, f"{self.ch(SURNAMES)} {self.ch(SURNAMES)}"

    def phone(self, area: int) -> str:
        return f"+5760{area}{self.ri(2000000, 8999999)}"

    def mobile(self) -> str:
        return f"+57{self.ch(MOBILE_PREFIXES)}{self.ri(1000000, 9999999)}"

    def unique_tax_id(self, company: bool) -> str:
        rng = self.rng
        while True:
            if company:
                base = str(self.ri(800_000_000, 901_999_999))
                tax_id = base + nit.calc_check_digit(base)
            elif rng.random() < 0.6:
                tax_id = str(self.ri(1_000_000_000, 1_152_999_999))
            else:
                tax_id = str(self.ri(10_000_000, 99_999_999))
            if tax_id not in self.tax_ids:
                self.tax_ids.add(tax_id)
                return tax_id

    # -- the global part: staff, catalog, price lists
    def staff(self) -> None:
        start = self.now - 6 * 365 * _DAY
        for full_name, username, role, prefix in STAFF:
            row = self.sync(start + self.ri(0, 300) * _DAY)
            row.update(username=username, full_name=full_name, role=role, quote_prefix=prefix,
                       email=f"{username}@{OUR_DOMAIN}", active=1)  # fmt: skip
            self.rows["users"].append(row)
            if role == "rep":
                self.reps.append((row["id"], prefix))
                # The laptop each rep quoted from: the device part of their quote numbers.
                self.devices[prefix] = f"{self.rng.getrandbits(16):04X}"

    def catalog(self) -> None:
        start = self.now - 5 * 365 * _DAY
        year_start = (date.fromordinal(date(1970, 1, 1).toordinal() + self.today)).replace(
            month=1, day=1
        )
        lists = (("Lista general (COP)", "COP", 1, Decimal(1)),
                 ("Lista distribuidores (COP)", "COP", 0, Decimal("0.85")),
                 ("Lista corporativa (USD)", "USD", 0, Decimal(1) / Decimal(4100)))  # fmt: skip
        for name, currency, default, _factor in lists:
            row = self.sync(start)
            row.update(name=f"{name} {year_start.year}", currency=currency,
                       valid_from=year_start.isoformat(), valid_to=None,
                       is_default=default)  # fmt: skip
            self.rows["price_lists"].append(row)
            self.price_list_ids.append(row["id"])
        for entry in PRODUCTS:
            code, name, unit, tax, lic, _price = entry
            row = self.sync(start + self.ri(0, 400) * _DAY)
            row.update(code=code, name=name, description=f"{name}. Incluye garantía y soporte "
                       "de instalación.", unit=unit, tax_category=tax, is_license=lic,
                       active=int(code != "HW-BIO"),
                       product_line=PRODUCT_LINES.get(code.split("-")[0]))  # fmt: skip
            self.rows["products"].append(row)
            self.products.append((row["id"], entry))
            self.product_cost(row, entry)
        for (_name, currency, _d, factor), list_id in zip(lists, self.price_list_ids, strict=True):
            quantum = Decimal("0.01") if currency == "USD" else Decimal("1E2")
            for product_id, entry in self.products:
                price = (Decimal(entry[5]) * factor).quantize(quantum, rounding=ROUND_HALF_UP)
                row = self.sync(start)
                row.update(price_list_id=list_id, product_id=product_id, unit_price=_money(price))
                self.rows["price_list_items"].append(row)

    def product_cost(self, product: Row, entry: tuple[Any, ...]) -> None:
        """One open-ended cost per product, in pesos (ids not from the rng: see above)."""
        cost = (Decimal(entry[5]) * product_cost_share(entry[0])).quantize(Decimal(100))
        product["min_price"] = _money((cost / Decimal("0.8")).quantize(Decimal(1)))  # 20 % margin
        self.rows["product_costs"].append({
            "id": str(uuid.uuid5(_COST_IDS, entry[0])), "server_version": 1, "deleted_at": None,
            "created_at": product["created_at"], "updated_at": product["created_at"],
            "product_id": product["id"], "unit_cost": _money(cost), "currency": "COP",
            "valid_from": None, "valid_to": None,
        })  # fmt: skip

    # -- one account and everything under it
    def account(self) -> _AccountCtx | None:
        """One account with its contacts, history and pipeline; its context unless deleted."""
        rng = self.rng
        kind = self.pick(self.kinds)
        roles = self.pick(self.roles)
        created = self.now - self.ri(20, 5 * 365) * _DAY - self.ri(0, _DAY)
        owner_id, prefix = self.ch(self.reps)
        city, region, area, _w = rng.choices(CITIES, cum_weights=self.city_cum)[0]
        row = self.sync(created, created + self.ri(0, self.now - created))
        person: tuple[str, str] | None = None
        if kind == "natural_person":
            person = self.person()
            domain, legal_rep = self.natural_person(row, person), None
        else:
            domain, legal_rep = self.company(row, kind), " ".join(self.person())
        age = (self.now - created) // _DAY
        customer = "customer" in roles
        row.update(
            kind=kind, roles=roles, legal_representative=legal_rep, city=city, region=region,
            address=self.address(), country="CO", phone=self.phone(area),
            lifecycle_phase=self.phase(roles), owner_id=owner_id,
            price_list_id=self.price_list_ids[2] if kind == "corporate" and rng.random() < 0.2
            else None,
            notes=self.ch(NOTE_TEXTS) if rng.random() < 0.1 else None,
            deleted_at=_dt(self.now - self.ri(1, 200) * _DAY) if rng.random() < 0.004
            else None,
        )  # fmt: skip
        consent = rng.random() < (0.95 if customer else 0.6)
        marketing = consent and rng.random() < 0.5
        when = _dt(created + self.ri(0, 20) * _DAY)
        row.update(consent_data_processing=int(consent), consent_marketing=int(marketing),
                   consent_data_processing_at=when if consent else None,
                   consent_marketing_at=when if marketing else None,
                   merged_into_id=None)  # fmt: skip
        self.rows["accounts"].append(row)
        contacts = self.contacts(row["id"], created, domain, area, person)
        ctx = _AccountCtx(row["id"], owner_id, prefix, contacts, created, age, customer)
        self.visits(ctx, roles)
        self.activities(ctx, roles)
        self.opportunities(ctx, roles)
        self.account_products(ctx)
        if rng.random() < 0.33:
            when = rng.choices(("overdue", "today", "future", "done"), (25, 8, 37, 30))[0]
            self.reminder(ctx, when)
        return ctx if row["deleted_at"] is None else None

    def natural_person(self, row: Row, person: tuple[str, str]) -> str:
        rng = self.rng
        first, last = person
        shop = rng.random() < 0.3
        row.update(
            legal_name=f"{first} {last}", tax_id_kind="cc", tax_id=self.unique_tax_id(False),
            trade_name=f"{self.ch(SHOPS)} {self.ch((first.split()[0], last.split()[0]))}"
            if shop else None,
            economic_activity=self.ch(CIIU) if shop else None,
            employee_count=self.ch((None, 0, 1, 2, 4)) if shop else None, vision=None,
            email=f"{_ascii(first.split()[0])}.{_ascii(last.split()[0])}{self.ri(1, 99)}"
            f"@{self.ch(PERSONAL_MAIL)}",
            website=None, segment="micro",
        )  # fmt: skip
        return self.ch(PERSONAL_MAIL)

    def company(self, row: Row, kind: str) -> str:
        rng = self.rng
        core = self.ch(COMPANY_CORES)
        if rng.random() < 0.15:
            surname = self.ch(SURNAMES)
            stem = self.ch((f"{surname} y Asociados", f"Hermanos {surname}"))
        else:
            stem = f"{self.ch(COMPANY_KINDS)} {core}"
        form = self.pick(self.forms)
        brand = core.removeprefix("del ").removeprefix("de los ").removeprefix("de ")
        trade = self.ch((brand, stem.split()[0] + " " + brand, None))
        domain = _ascii((trade or stem).replace(" ", "")) + self.ch((".com.co", ".com.co", ".co",
                                                                      ".com"))  # fmt: skip
        employees = (self.ri(200, 12000) if kind == "corporate"
                     else min(800, max(2, int(rng.lognormvariate(3.0, 1.1)))))  # fmt: skip
        row.update(
            legal_name=f"{stem} {form}", trade_name=trade, tax_id_kind="nit",
            tax_id=self.unique_tax_id(True), economic_activity=self.ch(CIIU),
            employee_count=employees,
            vision=self.ch(VISIONS).format(x=stem.split()[0].lower()) if rng.random() < 0.3
            else None,
            email=f"{self.ch(('info', 'contacto', 'gerencia', 'compras'))}@{domain}",
            website=f"www.{domain}" if rng.random() < 0.6 else None,
            segment="large" if employees >= 200 else "medium" if employees >= 50 else "small",
        )  # fmt: skip
        return domain

    def address(self) -> str:
        letter = self.ch(("", "", "", "A", "B", "Bis"))
        return (f"{self.ch(STREETS)} {self.ri(1, 170)}{letter} # {self.ri(1, 120)}-"
                f"{self.ri(1, 99)}{self.ch(ADDRESS_EXTRAS)}")  # fmt: skip

    def phase(self, roles: str) -> str:
        rng = self.rng
        if "customer" in roles:
            return rng.choices(("retention", "knowledge", "acquisition"), (55, 30, 15))[0]
        if "prospect" in roles:
            return rng.choices(("engagement", "acquisition"), (60, 40))[0]
        return self.ch(("engagement", "knowledge"))

    def contacts(
        self, account_id: str, created: int, domain: str, area: int, person: tuple[str, str] | None
    ) -> list[str]:
        rng = self.rng
        count = rng.choices((1, 2, 3, 4, 5), (30, 30, 20, 12, 8))[0]
        ids = []
        for n in range(count):
            first, last = person if (person and n == 0) else self.person()
            local = f"{_ascii(first.split()[0])}.{_ascii(last.split()[0])}"
            row = self.sync(min(self.now, created + n * self.ri(0, 90) * _DAY))
            row.update(
                account_id=account_id, first_name=first, last_name=last,
                job_title="Propietario" if person and n == 0 else self.ch(JOB_TITLES),
                phone=self.phone(area) if rng.random() < 0.6 else None, mobile=self.mobile(),
                email=f"{local}@{domain}" if rng.random() < 0.9 else None, is_primary=int(n == 0),
                notes=None,
            )  # fmt: skip
            self.rows["contacts"].append(row)
            ids.append(row["id"])
        return ids

    # -- what the rep did and will do
    def visit(self, ctx: _AccountCtx, at: int, status: str, route_order: int | None = None) -> None:
        rng = self.rng
        done = status == "done"
        outcome = self.ch(VISIT_OUTCOMES) if done else None
        checked_in = at + self.ri(-10, 20) * 60 if done else None
        duration = self.ch((30, 45, 60, 60, 90, 120))
        row = self.sync(min(at, self.now) - self.ri(1, 10) * _DAY, min(at, self.now))
        row.update(
            account_id=ctx.id, contact_id=ctx.contacts[0] if rng.random() < 0.7
            else self.ch(ctx.contacts), owner_id=ctx.owner, planned_at=_dt(at),
            duration_minutes=duration, route_order=route_order, place=None,
            purpose=self.ch(VISIT_PURPOSES), status=status,
            checked_in_at=_dt(checked_in) if checked_in else None,
            checked_out_at=_dt(checked_in + (duration + self.ri(-15, 30)) * 60)
            if checked_in else None,
            notes=self.ch(VISIT_NOTES) if done else None, outcome=outcome,
            rejection_reason=self.ch(REJECTIONS) if outcome == "rejected" else None,
            next_step=self.ch(NEXT_STEPS) if outcome in ("interested", "proposal_requested",
                                                            "follow_up") else None,
            follow_up_on=_day((at + self.tz) // _DAY + self.ri(3, 20))
            if outcome == "follow_up" else None,
        )  # fmt: skip
        self.rows["visits"].append(row)

    def visits(self, ctx: _AccountCtx, roles: str) -> None:
        rng = self.rng
        count = self.ri(0, 5 if ctx.customer else 3 if "prospect" in roles else 2)
        for _ in range(count):
            status = "done" if rng.random() < 0.88 else "cancelled"
            self.visit(ctx, self.past(min(730, ctx.age)), status)
        if rng.random() < 0.08:
            self.visit(ctx, self.work_time(self.today + self.ri(1, 30)), "planned")

    def activity(self, ctx: _AccountCtx, at: int, kind: str, **fields: Any) -> None:
        row = self.sync(at)
        row.update(account_id=ctx.id, contact_id=self.ch(ctx.contacts), owner_id=ctx.owner,
                   opportunity_id=None, quote_id=None, kind=kind, occurred_at=_dt(at), subject="",
                   body=None, call_result=None, duration_minutes=None)  # fmt: skip
        row.update(fields)
        self.rows["activities"].append(row)

    def activities(self, ctx: _AccountCtx, roles: str) -> None:
        rng = self.rng
        count = self.ri(0, 4 if ctx.customer or "prospect" in roles else 2)
        for _ in range(count):
            at = self.past(min(730, ctx.age)) + self.ri(-3, 3) * 3600
            kind = rng.choices(("call", "email", "note", "notification", "rejection"),
                               (45, 28, 15, 5, 7))[0]  # fmt: skip
            if kind == "call":
                result = self.ch(CALL_RESULTS)
                self.activity(ctx, at, kind, subject="Llamada de seguimiento", call_result=result,
                              duration_minutes=self.ri(1, 25) if result == "answered" else 0,
                              body="Pide que lo llamen el martes." if result == "call_back"
                              else None)  # fmt: skip
            elif kind == "email":
                self.activity(ctx, at, kind, subject=self.ch(EMAIL_SUBJECTS))
            elif kind == "rejection":
                self.activity(ctx, at, kind, subject="Rechazo", body=self.ch(REJECTIONS))
            elif kind == "notification":
                self.activity(ctx, at, kind, subject="Cuenta asignada",
                              body="Revise el historial y agende la primera visita.")  # fmt: skip
            else:
                self.activity(ctx, at, kind, subject="Nota", body=self.ch(NOTE_TEXTS))

    # -- the pipeline: opportunities, quotes and their lines, owned products
    def opportunities(self, ctx: _AccountCtx, roles: str) -> None:
        rng = self.rng
        if ctx.customer:
            count = rng.choices((0, 1, 2), (45, 40, 15))[0]
        else:
            count = int(rng.random() < (0.5 if "prospect" in roles else 0.1))
        for _ in range(count):
            self.opportunity(ctx)

    def opportunity(self, ctx: _AccountCtx) -> None:
        rng = self.rng
        stage = self.pick(self.stages)
        closed = OpportunityStage(stage).is_closed
        opened = self.past(min(700, ctx.age), 60 if closed else 3)
        closed_at = min(self.now - 3600, opened + self.ri(10, 50) * _DAY) if closed else None
        currency = "USD" if rng.random() < 0.05 else "COP"
        row = self.sync(opened, closed_at or min(self.now, opened + self.ri(0, 20) * _DAY))
        amount = Decimal(self.ri(20, 3000) * 100_000)
        if currency == "USD":
            amount = (amount / 4100).quantize(Decimal(1))
        early_draft = stage in ("qualification", "needs_analysis") and rng.random() < 0.3
        if stage in ("proposal", "negotiation") or closed or early_draft:
            amount = self.quote(ctx, row["id"], stage, currency, opened, closed_at)
        lost = stage == "closed_lost"
        close_day = (closed_at or self.now + self.ri(10, 120) * _DAY) // _DAY
        row.update(
            account_id=ctx.id, owner_id=ctx.owner,
            name=f"{self.ch(OPP_NAMES)} {_day(opened // _DAY)[:4]}", stage=stage,
            amount=_money(amount), currency=currency,
            probability=STAGE_PROBABILITY[OpportunityStage(stage)],
            expected_close=_day(close_day), lost_reason=self.ch(LOST_REASONS) if lost else None,
            closed_at=_dt(closed_at) if closed_at else None,
        )  # fmt: skip
        self.rows["opportunities"].append(row)
        if stage != "prospecting":
            self.activity(ctx, closed_at or opened + self.ri(1, 10) * 3600, "stage_change",
                          subject=f"Etapa: {stage}", opportunity_id=row["id"])  # fmt: skip

    def quote(
        self,
        ctx: _AccountCtx,
        opp_id: str,
        stage: str,
        currency: str,
        opened: int,
        closed_at: int | None,
    ) -> Decimal:
        """A quote for the opportunity, with lines; returns its subtotal after discounts."""
        rng = self.rng
        status, issued, revision = self.quote_status(stage, opened, closed_at)
        seq = self.quote_seq[ctx.prefix] = self.quote_seq.get(ctx.prefix, 0) + 1
        row = self.sync(issued, closed_at or issued)
        global_pct = rng.choices((Decimal(0), Decimal(5), Decimal(10)), (80, 15, 5))[0]
        subtotal, tax = self.quote_lines(row["id"], issued, currency, global_pct)
        total = subtotal * (1 - global_pct / 100) + tax
        decided = status in ("accepted", "rejected")
        row.update(
            number=f"{ctx.prefix}-{self.devices[ctx.prefix]}-{seq:06d}", account_id=ctx.id,
            contact_id=ctx.contacts[0],
            opportunity_id=opp_id, owner_id=ctx.owner, status=status, revision=revision,
            currency=currency, exchange_rate=_money(Decimal(4100 if currency == "USD" else 1), 6),
            language="es" if currency == "COP" or rng.random() < 0.5 else "en",
            issued_on=_day((issued + self.tz) // _DAY),
            valid_until=_day((issued + self.tz) // _DAY + 30),
            payment_terms=self.ch(("30 días fecha de factura", "Contado",
                                      "50 % anticipo y 50 % contra entrega")),
            delivery_terms="Entrega e instalación en 15 días hábiles", notes=None,
            global_discount_pct=_money(global_pct),
            total=_money(total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)),
            rejection_reason=self.ch(LOST_REASONS) if status == "rejected" else None,
            sent_at=_dt(issued + 3600) if status != "draft" else None,
            decided_at=_dt(closed_at) if decided and closed_at else None,
        )  # fmt: skip
        self.rows["quotes"].append(row)
        if status == "accepted":
            ctx.accepted_quote = row["id"]
        return subtotal

    def quote_status(self, stage: str, opened: int, closed_at: int | None) -> tuple[str, int, int]:
        """(status, issued at, revision) that fit the opportunity's stage."""
        rng = self.rng
        if closed_at is not None:
            issued = max(opened, closed_at - self.ri(3, 25) * _DAY)
            if stage == "closed_won":
                return "accepted", issued, self.ch((1, 1, 2))
            return ("rejected" if rng.random() < 0.8 else "expired"), issued, 1
        if stage == "negotiation":
            return "sent", self.now - self.ri(1, 20) * _DAY, 2
        if stage == "proposal":
            if rng.random() < 0.15:
                return "expired", self.now - self.ri(40, 120) * _DAY, 1
            return "sent", self.now - self.ri(1, 25) * _DAY, 1
        return "draft", self.now - self.ri(0, 10) * _DAY, 1

    def quote_lines(
        self, quote_id: str, issued: int, currency: str, global_pct: Decimal
    ) -> tuple[Decimal, Decimal]:
        """Lines of a quote; returns (subtotal after line discounts, tax after global discount)."""
        rng = self.rng
        count = rng.choices((1, 2, 3, 4, 5), (25, 30, 25, 12, 8))[0]
        position, subtotal, tax = 0, Decimal(0), Decimal(0)
        cent = Decimal("0.01")
        if rng.random() < 0.1:
            position += 1
            self.line(quote_id, issued, position, kind="section", description="Licenciamiento")
        for product_id, entry in rng.sample(self.products, count):
            _code, name, unit, tax_cat, lic, cop = entry
            position += 1
            qty = Decimal(self.ri(1, 40) if lic or unit == "hora" else self.ri(1, 8))
            price = Decimal(cop) if currency == "COP" else (Decimal(cop) / 4100).quantize(cent)
            unit_price = price if rng.random() < 0.9 else (price * Decimal("0.9")).quantize(cent)
            pct = rng.choices((Decimal(0), Decimal(5), Decimal(10), Decimal(15)), (70, 15, 10, 5))[
                0
            ]
            discount = (qty * unit_price * pct / 100).quantize(cent, rounding=ROUND_HALF_UP)
            # Lines made on a manager's laptop froze their cost; a rep's (2 in 5) did not.
            cost = (price * product_cost_share(_code)).quantize(cent)
            frozen = _money(cost) if (issued + position) % 5 >= 2 else None
            net = qty * unit_price - discount
            optional = rng.random() < 0.05
            if not optional:
                subtotal += net
                tax += (net * (1 - global_pct / 100) * TAX_RATE[tax_cat]).quantize(cent)
            self.line(
                quote_id, issued, position, kind="item", product_id=product_id, description=name,
                quantity=_money(qty), unit=unit, unit_price=_money(unit_price),
                list_price=_money(price),
                price_override_reason=None if unit_price == price
                else "Precio especial aprobado por gerencia",
                discount_pct=_money(pct), discount_amount=_money(discount), tax_category=tax_cat,
                optional=int(optional), unit_cost=frozen,
            )  # fmt: skip
        return subtotal, tax

    def line(self, quote_id: str, issued: int, position: int, **fields: Any) -> None:
        row = self.sync(issued)
        row.update(quote_id=quote_id, position=position, product_id=None, description="",
                   quantity=0, unit=None, unit_price=0, list_price=None,
                   price_override_reason=None, discount_pct=0, discount_amount=0,
                   tax_category="iva19", optional=0, unit_cost=None)  # fmt: skip
        row.update(fields)
        item = row.get("kind", "item") == "item"
        row["tax_rate"] = _money(TAX_RATE[row["tax_category"]]) if item else None
        row["extra_taxes"] = None  # demo lines carry one tax each
        self.rows["quote_lines"].append(row)

    def account_products(self, ctx: _AccountCtx) -> None:
        rng = self.rng
        if not ctx.customer:
            return
        count = rng.choices((0, 1, 2, 3), (30, 35, 25, 10))[0]
        for product_id, entry in rng.sample(self.products, count):
            since = self.today - self.ri(20, min(1500, max(20, ctx.age)))
            renewal = None
            if entry[4]:  # licences renew every year after they were bought
                renewal = since + ((self.today - since) // 365 + 1) * 365
            row = self.sync(since * _DAY - self.tz + 12 * 3600)
            row.update(account_id=ctx.id, product_id=product_id, since=_day(since),
                       renewal_on=_day(renewal) if renewal else None,
                       source_quote_id=ctx.accepted_quote if rng.random() < 0.5
                       else None)  # fmt: skip
            self.rows["account_products"].append(row)

    # -- the rep's agenda
    def reminder(self, ctx: _AccountCtx, when: str) -> None:
        rng = self.rng
        due = {
            "overdue": lambda: self.work_time(self.today - self.ri(1, 20)),
            "today": lambda: self.today * _DAY - self.tz + self.ri(8 * 12, 18 * 12) * 300,
            "future": lambda: self.work_time(self.today + self.ri(1, 60)),
            "done": lambda: self.past(200),
        }[when]()
        source = rng.choices(("manual", "visit", "call", "rule"), (40, 25, 20, 15))[0]
        created = min(due, self.now) - self.ri(1, 15) * _DAY
        row = self.sync(created)
        row.update(
            account_id=ctx.id, owner_id=ctx.owner, due_at=_dt(due),
            title=self.ch(REMINDER_TITLES), body=None, source=source,
            rule_key=f"quarterly-contact:{ctx.id}:{row['id']}" if source == "rule" else None,
            snoozed_until=None,
            done_at=_dt(min(self.now, due + self.ri(0, 48) * 3600)) if when == "done" else None,
        )  # fmt: skip
        self.rows["reminders"].append(row)

    def todays_routes(self, per_rep: dict[str, list[_AccountCtx]]) -> None:
        """Several planned visits TODAY for every rep, in route order, plus due reminders."""
        rng = self.rng
        for owner, ctxs in per_rep.items():
            picks = rng.sample(ctxs, min(len(ctxs), self.ri(4, 6)))
            for order, ctx in enumerate(picks, start=1):
                local = (8 * 60 + (order - 1) * 90) * 60  # 8:00, 9:30, 11:00...
                at = self.today * _DAY - self.tz + local
                self.visit(ctx, at, "planned", route_order=order)
            for when in ("today", "today", "overdue", "overdue"):
                self.reminder(self.ch(ctxs), when)
            del owner


@dataclass(slots=True)
class _AccountCtx:
    """What the rows under one account need to know about it."""

    id: str
    owner: str
    prefix: str
    contacts: list[str]
    created: int
    age: int
    customer: bool
    accepted_quote: str | None = None


# ---------------------------------------------------------------- loading
_FTS_COLS = "rowid, legal_name, trade_name, tax_id, city, email, contact_names, contact_emails"
# The same text per account as migration 0002's triggers compute, for all accounts at once.
_FTS_REBUILD = f"""
INSERT INTO account_search({_FTS_COLS})
SELECT a.row_key, a.legal_name, coalesce(a.trade_name, ''), coalesce(a.tax_id, ''),
       coalesce(a.city, ''), coalesce(a.email, ''), coalesce(c.names, ''), coalesce(c.emails, '')
FROM accounts a LEFT JOIN (
    SELECT account_id, group_concat(first_name || ' ' || last_name, ' ') AS names,
           group_concat(email, ' ') AS emails
    FROM contacts WHERE deleted_at IS NULL GROUP BY account_id
) c ON c.account_id = a.id
WHERE a.deleted_at IS NULL ORDER BY a.row_key
"""


def _existing_data(path: Path) -> bool:
    """Whether the file holds accounts, users or products (reading it without changing it)."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    conn = sqlcipher.connect(path, mode="ro")
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return any(
            conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
            for t in ("accounts", "users", "products")
            if t in names
        )
    finally:
        conn.close()


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _load_engine(path: Path) -> Engine:
    """An engine tuned for one big load: no fsync, a big cache, one explicit transaction."""
    engine = create_engine(encrypted_url(path))  # the same key as the migrated file

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        for pragma in CIPHER_PRAGMAS:  # right after the dialect's `PRAGMA key`
            dbapi_conn.execute(f"PRAGMA {pragma}")
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, so DDL is transactional
        for pragma in ("synchronous=OFF", "cache_size=-400000", "temp_store=MEMORY",
                       "foreign_keys=OFF", "journal_mode=MEMORY"):  # fmt: skip
            dbapi_conn.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def _mark_owners_seen(conn: Connection) -> None:
    """Seeded accounts arrive already assigned, as the migration that made this table treats
    the accounts it found: not "newly assigned" to anyone, so no alert per seeded account."""
    found = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'account_owner_seen'"
    ).first()
    if found is not None:
        conn.exec_driver_sql(
            "INSERT OR REPLACE INTO account_owner_seen (account_id, owner_id) "
            "SELECT id, owner_id FROM accounts"
        )


def _drop_secondary_indexes(conn: Connection) -> list[str]:
    """Drop the named indexes of the seeded tables and return their SQL: building each once
    from sorted data after the load beats updating it row by row (UNIQUE and primary keys stay).
    """
    marks = ", ".join("?" * len(TABLES))
    rows = conn.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY name",
        TABLES,
    ).all()
    for name, _sql in rows:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return [sql for _name, sql in rows]


def _drop_search_triggers(conn: Connection) -> list[str]:
    """Drop the account_search_* triggers and return their SQL, to recreate after the load."""
    rows = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND name LIKE 'account\\_search\\_%' ESCAPE '\\' ORDER BY name"
    ).all()
    for name, _sql in rows:
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
    return [sql for _name, sql in rows]


def _flush(
    conn: Connection, inserts: dict[str, _Insert], gen: _Gen, counts: dict[str, int]
) -> None:
    for name in TABLES:
        rows = gen.rows[name]
        if not rows:
            continue
        stmt = inserts[name]
        if rows[0].keys() != stmt.columns:  # a misspelt column would otherwise vanish silently
            raise AssertionError(f"{name}: {sorted(rows[0].keys() ^ stmt.columns)}")
        conn.exec_driver_sql(stmt.sql, list(map(stmt.values, rows)))
        counts[name] += len(rows)
        rows.clear()


def seed_database(
    path: Path,
    accounts: int,
    seed: int = 1,
    progress: Progress | None = None,
    *,
    replace: bool = False,
    now: datetime | None = None,
) -> SeedReport:
    """Create (or fill) the database at path with `accounts` accounts and ~10 rows under each.

    Refuses a file that already holds data unless replace, which deletes it first. The result
    depends only on seed and on `now` (default: the current time; "today" is the local date).
    """
    path = Path(path)
    encrypt_if_plain(path)  # an empty plain file (touch) or one left by an older version
    if _existing_data(path):
        if not replace:
            raise SeedRefused(f"{path} already holds data; pass replace=True to start over")
        _remove(path)
    started = time.perf_counter()
    migrate_engine = make_engine(path)
    try:
        migrate_file(path, migrate_engine)
    finally:
        migrate_engine.dispose()
    gen = _Gen(random.Random(seed), (now or SYSTEM.now()).astimezone(UTC))
    try:
        counts = _load(path, gen, accounts, progress)
    except BaseException:
        _remove(path)
        raise
    return SeedReport(path, accounts, counts, time.perf_counter() - started)


def _load(path: Path, gen: _Gen, accounts: int, progress: Progress | None) -> dict[str, int]:
    engine = _load_engine(path)
    inserts = _inserts(engine.dialect)
    counts = dict.fromkeys(TABLES, 0)
    per_rep: dict[str, list[_AccountCtx]] = {}
    try:
        with engine.begin() as conn:
            # Seeded rows stand for synced data: the outbox triggers stay quiet for this load.
            conn.exec_driver_sql("INSERT INTO sync_capture_off (reason) VALUES ('seed')")
            triggers = _drop_search_triggers(conn)
            indexes = _drop_secondary_indexes(conn)
            gen.staff()
            gen.catalog()
            for n in range(1, accounts + 1):
                ctx = gen.account()
                if ctx is not None and len(per_rep.setdefault(ctx.owner, [])) < 50:
                    per_rep[ctx.owner].append(ctx)
                if n % BATCH_ACCOUNTS == 0:
                    _flush(conn, inserts, gen, counts)
                    if progress is not None:
                        progress(n, accounts)
            gen.todays_routes(per_rep)
            _flush(conn, inserts, gen, counts)
            conn.exec_driver_sql("DELETE FROM account_search")
            conn.exec_driver_sql(_FTS_REBUILD)
            for sql in indexes + triggers:
                conn.exec_driver_sql(sql)
            _mark_owners_seen(conn)
            # The catalog's taxes came with the schema (never synced): like every seeded row,
            # they stand for the server's data at version 1.
            conn.exec_driver_sql("UPDATE taxes SET server_version = 1 WHERE server_version = 0")
            conn.exec_driver_sql("DELETE FROM sync_capture_off")
        raw = engine.raw_connection()  # outside any transaction: WAL cannot be set inside one
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("ANALYZE")
            cursor.close()
        finally:
            raw.close()
    finally:
        engine.dispose()
    if progress is not None:
        progress(accounts, accounts)
    return counts
